/// 密码规则 (网络安全等级保护 第三级: 口令复杂度): 10 to 128 characters, at least three of the four
/// kinds (upper-case letter, lower-case letter, digit, symbol), not the user name, and not one
/// of the passwords every guessing list tries first.
public enum PasswordRule {
    public static let minimumLength = 10
    public static let maximumLength = 128

    /// The reason in Chinese when the password is not acceptable, nil when it is.
    public static func problem(with password: String, username: String? = nil) -> String? {
        if password.count < minimumLength { return "密码至少需要 \(minimumLength) 个字符" }
        if password.count > maximumLength { return "密码不能超过 \(maximumLength) 个字符" }
        let kinds = [
            password.contains { $0.isASCII && $0.isUppercase },
            password.contains { $0.isASCII && $0.isLowercase },
            password.contains { $0.isASCII && $0.isNumber },
            password.contains { !($0.isASCII && ($0.isLetter || $0.isNumber)) && !$0.isWhitespace },
        ].filter { $0 }.count
        if kinds < 3 { return "密码须至少包含大写字母、小写字母、数字、符号中的三类" }
        if let username, !username.isEmpty, password.lowercased().contains(username.lowercased()) {
            return "密码不能包含用户名"
        }
        if isCommon(password) { return "该密码过于常见,容易被猜中,请换一个" }
        return nil
    }

    /// Passwords of ten characters or more that guessing lists try first (with their usual
    /// capitalisations): compared without case.
    static let common: Set<String> = [
        "password123", "password@123", "password#123", "password!123", "password1234", "p@ssw0rd123", "p@ssword123",
        "passw0rd123", "passw0rd!23", "admin@12345", "admin123456", "admin@123456", "admin#12345", "administrator",
        "administrator1", "qwerty123456", "qwer1234!@#$", "qwe123!@#qwe", "1qaz2wsx3edc", "1qaz@wsx3edc", "1qaz!qaz2wsx",
        "1qaz@wsx#edc", "abc@1234567", "abcd@123456", "abc123456789", "aa123456789", "a1234567890", "aa12345678",
        "a123456789.", "zxcvbnm123", "zxcvbnm@123", "asdfghjkl123", "woaini1314", "woaini@1314", "iloveyou123",
        "welcome123", "welcome@123", "changeme123", "changeme@123", "huawei@123", "huawei@1234", "root@123456",
        "test@123456", "test1234567", "user@123456", "letmein1234", "sunshine123", "football123", "monkey12345",
        "12345678910", "1234567890a", "1234567890q", "123456789a.", "123456abc!", "123456qwerty", "qwerty@1234",
        "fazhi@123456", "fazhi123456", "gov@1234567", "zhengfu@123", "zhengfu123456", "china@123456", "beijing@123",
    ]

    static func isCommon(_ password: String) -> Bool {
        let lower = password.lowercased()
        if common.contains(lower) { return true }
        // One character repeated, or a run along the keyboard's top row or the alphabet.
        if Set(lower).count <= 2 { return true }
        for run in ["1234567890", "0987654321", "qwertyuiop", "abcdefghijklmnopqrstuvwxyz"] where run.contains(lower) { return true }
        return false
    }
}
