import Foundation

/// Where a case happened is chosen from a list of places that staff keep per
/// country, never typed: a village name or an address typed by a documenter
/// would be published by itself. "Another place in <country>" is always there.
public enum PlaceNames {
    /// One spelling for comparing: Latin letters, no diacritics, no case, no
    /// spaces or signs ("Одеса", "Odesa" and "ODESA " compare equal; so do
    /// "Кишинёв" and "Кишинев").
    public static func normalized(_ name: String) -> String {
        let latin = name.applyingTransform(.toLatin, reverse: false) ?? name
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        return String(String.UnicodeScalarView(plain.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) }))
    }

    /// The place of `list` a typed name clearly means: one of its names in any
    /// language, spelled as above. Nil when none or more than one match.
    public static func match(_ typed: String, in list: [(id: Int64, names: [String])]) -> Int64? {
        let wanted = normalized(typed)
        guard !wanted.isEmpty else { return nil }
        let found = list.filter { $0.names.contains { normalized($0) == wanted } }
        return found.count == 1 ? found[0].id : nil
    }

    /// The network's places when Kalyna is first set up (staff add and rename
    /// them later): country, English, Russian, Ukrainian.
    public static let initial: [(country: String, en: String, ru: String, uk: String)] = [
        ("UA", "Kyiv", "Киев", "Київ"), ("UA", "Odesa", "Одесса", "Одеса"), ("UA", "Kharkiv", "Харьков", "Харків"),
        ("UA", "Dnipro", "Днепр", "Дніпро"), ("UA", "Lviv", "Львов", "Львів"), ("UA", "Zaporizhzhia", "Запорожье", "Запоріжжя"),
        ("UA", "Mykolaiv", "Николаев", "Миколаїв"), ("UA", "Poltava", "Полтава", "Полтава"), ("UA", "Chernihiv", "Чернигов", "Чернігів"),
        ("UA", "Kropyvnytskyi", "Кропивницкий", "Кропивницький"),
        ("MD", "Chișinău", "Кишинёв", "Кишинів"), ("MD", "Bălți", "Бельцы", "Бельці"), ("MD", "Tiraspol", "Тирасполь", "Тирасполь"),
        ("GE", "Tbilisi", "Тбилиси", "Тбілісі"), ("GE", "Batumi", "Батуми", "Батумі"), ("GE", "Kutaisi", "Кутаиси", "Кутаїсі"),
        ("KZ", "Almaty", "Алматы", "Алмати"), ("KZ", "Astana", "Астана", "Астана"), ("KZ", "Shymkent", "Шымкент", "Шимкент"),
        ("KZ", "Karaganda", "Караганда", "Караганда"), ("KZ", "Pavlodar", "Павлодар", "Павлодар"),
        ("KG", "Bishkek", "Бишкек", "Бішкек"), ("KG", "Osh", "Ош", "Ош"),
        ("AM", "Yerevan", "Ереван", "Єреван"), ("AM", "Gyumri", "Гюмри", "Ґюмрі"),
        ("UZ", "Tashkent", "Ташкент", "Ташкент"), ("UZ", "Samarkand", "Самарканд", "Самарканд"),
        ("TJ", "Dushanbe", "Душанбе", "Душанбе"), ("AZ", "Baku", "Баку", "Баку"), ("BY", "Minsk", "Минск", "Мінськ"),
    ]
}

/// The vocabularies that replace free text on a case: what followed for the
/// woman, where a complaint went, what came of it. Staff keep them in three
/// languages beside the violence typology; each has "other", and anything
/// more goes into the encrypted narrative.
public enum CaseTerms {
    public static let vocabularies = ["consequence", "complaint_body", "complaint_outcome"]

    public static let initial: [(vocabulary: String, key: String, en: String, ru: String, uk: String)] = [
        ("consequence", "injury", "Physical injury", "Телесные повреждения", "Тілесні ушкодження"),
        ("consequence", "medical_care", "Needed medical care", "Понадобилась медицинская помощь", "Знадобилася медична допомога"),
        ("consequence", "treatment_interrupted", "Treatment or OST interrupted", "Прерванное лечение или ОЗТ", "Перерване лікування або ЗПТ"),
        ("consequence", "psychological", "Fear, stress, trauma", "Страх, стресс, травма", "Страх, стрес, травма"),
        ("consequence", "detention", "Detained or arrested", "Задержание или арест", "Затримання або арешт"),
        ("consequence", "criminal_case", "Criminal case opened against her", "Против неё возбуждено уголовное дело", "Проти неї відкрито кримінальну справу"),
        ("consequence", "money_lost", "Lost money or property", "Потеря денег или имущества", "Втрата грошей або майна"),
        ("consequence", "documents_lost", "Lost documents", "Потеря документов", "Втрата документів"),
        ("consequence", "housing_work", "Lost housing or work", "Потеря жилья или работы", "Втрата житла або роботи"),
        ("consequence", "other", "Other", "Другое", "Інше"),
        ("complaint_body", "police", "Police (internal security)", "Полиция (служба собственной безопасности)", "Поліція (служба внутрішньої безпеки)"),
        ("complaint_body", "prosecutor", "Prosecutor's office", "Прокуратура", "Прокуратура"),
        ("complaint_body", "ombudsperson", "Ombudsperson", "Омбудсмен", "Омбудсман"),
        ("complaint_body", "court", "Court", "Суд", "Суд"),
        ("complaint_body", "investigation_bureau", "Investigation bureau", "Следственный орган", "Слідчий орган"),
        ("complaint_body", "ngo_lawyer", "Lawyer or human rights NGO", "Адвокат или правозащитная организация", "Адвокат або правозахисна організація"),
        ("complaint_body", "other", "Other", "Другое", "Інше"),
        ("complaint_outcome", "pending", "No answer yet", "Ответа пока нет", "Відповіді ще немає"),
        ("complaint_outcome", "refused", "Refused to act", "В рассмотрении отказано", "У розгляді відмовлено"),
        ("complaint_outcome", "investigation", "Investigation opened", "Начато расследование", "Розпочато розслідування"),
        ("complaint_outcome", "disciplined", "Officer disciplined", "Сотрудник наказан", "Працівника покарано"),
        ("complaint_outcome", "court_case", "Taken to court", "Дело передано в суд", "Справу передано до суду"),
        ("complaint_outcome", "withdrawn", "Withdrawn", "Жалоба отозвана", "Скаргу відкликано"),
        ("complaint_outcome", "other", "Other", "Другое", "Інше"),
    ]
}
