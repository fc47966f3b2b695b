/// 密码规则: at least 10 characters, with at least one letter and one digit, at most 128.
public enum PasswordRule {
    public static let minimumLength = 10
    public static let maximumLength = 128

    /// The reason in Chinese when the password is not acceptable, nil when it is.
    public static func problem(with password: String, username: String? = nil) -> String? {
        if password.count < minimumLength { return "密码至少需要 \(minimumLength) 个字符" }
        if password.count > maximumLength { return "密码不能超过 \(maximumLength) 个字符" }
        if !password.contains(where: { $0.isASCII && $0.isLetter }) { return "密码必须包含字母" }
        if !password.contains(where: { $0.isASCII && $0.isNumber }) { return "密码必须包含数字" }
        if let username, !username.isEmpty, password.lowercased().contains(username.lowercased()) {
            return "密码不能包含用户名"
        }
        return nil
    }
}
