/// How a published record names a party: a natural person by the surname only (王某), an
/// organisation in full — decisions and case results are public, personal data is not
/// (《政府信息公开条例》第十五条; 《行政处罚法》第四十八条).
public enum PersonName {
    public static func masked(_ name: String, naturalPerson: Bool) -> String {
        guard naturalPerson, let first = name.trimmingCharacters(in: .whitespaces).first else { return name }
        return "\(first)某"
    }
}
