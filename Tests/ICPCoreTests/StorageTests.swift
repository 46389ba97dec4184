import Foundation
import ICPCore
import Testing

/// How an account stores its fields: plain values whose derived keys
/// follow them, custom attributes ordered by key hash, sorted key sets with
/// a filter, and country codes as numbers.
@Suite("Storage: account values, attribute order, sorted keys, country numbers")
struct StorageTests {
    /// `count` attribute names, shuffled by a seeded generator.
    static func names(_ count: Int, seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { "Field \($0)" }.shuffled(using: &rng)
    }

    @Test("A copy of an account is independent: changing it leaves the original as it was", arguments: [0, 1, 2, 3, 4])
    func copyOnWrite(change: Int) {
        let original = Account(
            id: "1", name: "Acme", industry: "Security Software", employees: 750, country: "USA",
            state: "California", technologies: ["Salesforce"], attributes: ["tier": "gold"])
        let before = original
        var copy = original
        switch change {
        case 0: copy.employees = 10
        case 1: copy.attributes["tier"] = "silver"
        case 2: copy.country = "Germany"
        case 3: copy.technologies.insert("Okta")
        default: copy.industry = "Retail"
        }
        #expect(copy != original)
        #expect(original == before)
        #expect(original.hashValue == before.hashValue)
        #expect(original.employees == 750)
        #expect(original.attributes["tier"] == .text("gold"))
        #expect(original.countryCode == "US")
        #expect(original.subdivisionCode == "US-CA")
        #expect(original.countryNumber == Geography.alpha2Number("US"))
        #expect(original.technologyKeys == [NameKey("salesforce")])
        #expect(original.sortedTechnologyKeys.keys == [NameKey("salesforce")])
        #expect(original.industryKey == NameKey("security software"))
    }

    /// Each optional number of an account: how to set it, and how to read it.
    static let numbers: [(String, any WritableKeyPath<Account, Double?> & Sendable)] = [
        ("employees", \.employeesAsDouble), ("annualRevenue", \.annualRevenue), ("founded", \.foundedAsDouble),
        ("fundingTotal", \.fundingTotal), ("referralsGiven", \.referralsAsDouble), ("nps", \.npsAsDouble),
        ("customerCount", \.customersAsDouble),
    ]

    @Test(
        "Each optional number tells 0 from missing, and an account whose number is cleared equals one that never had it",
        arguments: 0..<7)
    func optionalNumbers(field: Int) {
        let (name, number) = StorageTests.numbers[field]
        let fresh = Account(id: "a", name: "A", country: "DE")
        var account = fresh
        account[keyPath: number] = 0
        #expect(account[keyPath: number] == 0, "\(name)")
        #expect(account != fresh)
        account[keyPath: number] = -7
        #expect(account[keyPath: number] == -7)
        for (other, path) in StorageTests.numbers where other != name { #expect(account[keyPath: path] == nil) }
        account[keyPath: number] = nil
        #expect(account[keyPath: number] == nil)
        #expect(account == fresh && account.hashValue == fresh.hashValue)
        #expect(account.countryNumber == Geography.alpha2Number("DE"))
    }

    @Test("Changing a copy updates the keys derived from the field changed")
    func derivedKeysFollow() {
        var account = Account(id: "1", name: "Acme", country: "USA", state: "Texas", technologies: ["HubSpot"])
        let shared = account
        account.country = "Canada"
        #expect(account.countryCode == "CA")
        #expect(account.subdivisionCode == nil)  // Texas is not a Canadian province
        #expect(account.countryNumber == Geography.alpha2Number("CA"))
        account.state = "Ontario"
        #expect(account.subdivisionCode == "CA-ON")
        account.country = "Atlantis"
        #expect(account.countryCode == nil)
        #expect(account.countryNumber == nil)
        account.technologies = ["Okta", "okta", "Salesforce"]
        #expect(account.technologyKeys == [NameKey("okta"), NameKey("salesforce")])
        #expect(Set(account.sortedTechnologyKeys.keys) == account.technologyKeys)
        #expect(shared.countryCode == "US" && shared.subdivisionCode == "US-TX")
        #expect(shared.technologyKeys == [NameKey("hubspot")])
    }

    @Test(
        "Attributes set in any order are equal, hash alike and find every name",
        arguments: [3, 16, 17, 60])
    func attributesInAnyOrder(count: Int) {
        var a = CustomAttributes()
        var b = CustomAttributes()
        for (i, name) in StorageTests.names(count, seed: 1).enumerated() { a[name] = .number(Double(i)) }
        let values = Dictionary(uniqueKeysWithValues: StorageTests.names(count, seed: 1).enumerated().map { ($1, $0) })
        for name in StorageTests.names(count, seed: 2) { b[name] = .number(Double(values[name] ?? -1)) }
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.count == count)
        for (name, i) in values {
            #expect(a[name.uppercased()] == .number(Double(i)))
            #expect(a.entry(NameKey(name))?.name == name)
        }
        #expect(a["Field \(count)"] == nil)
        // Iteration is by folded name, whatever the order of setting.
        #expect(a.map(\.name) == values.keys.sorted { NameKey($0) < NameKey($1) })
    }

    @Test("Each attribute's slot, what criteria read, follows its entry through setting, replacing and removing")
    func slotsFollowEntries() throws {
        let day = Date(timeIntervalSinceReferenceDate: 812_345_678.5)
        var attributes: CustomAttributes = [
            "n": .number(-2.5), "t": "Hello World", "f": true, "d": .date(day), "l": ["a", "b"],
        ]
        let hello = SortedKeys([NameKey("hello world")])
        func slot(_ name: String) -> CustomAttributes.Slot? {
            var account = Account(id: "a", name: "A")
            account.attributes = attributes
            return account.attributeSlot(NameKey(name))?.pointee
        }
        #expect(slot("n")?.number == -2.5 && slot("n")?.flag == nil && slot("n")?.kind == .number)
        #expect(slot("t")?.kind == .text && slot("t")?.text(in: hello) == true && slot("t")?.number == nil)
        #expect(slot("f")?.flag == true)
        #expect(slot("d")?.dateSeconds == 812_345_678.5 && slot("d")?.kind == .date)
        #expect(slot("l")?.kind == .list && slot("l")?.text(in: hello) == false)
        #expect(slot("missing") == nil)
        attributes["T"] = "goodbye"
        attributes["f"] = false
        attributes["n"] = nil
        #expect(slot("t")?.text(in: hello) == false && slot("t")?.text(in: SortedKeys([NameKey("Goodbye")])) == true)
        #expect(slot("f")?.flag == false)
        #expect(slot("n") == nil && slot("d")?.dateSeconds == 812_345_678.5)
    }

    @Test("Attributes with the same names can share one array of names and stay equal")
    func sharedNames() {
        var a: CustomAttributes = ["x": 1, "y": "two"]
        var b: CustomAttributes = ["y": "three", "x": 4]
        let c: CustomAttributes = ["x": 1]
        let shared = b.shareKeys(a.names)
        let refused = a.shareKeys(c.names)
        #expect(shared && !refused)
        #expect(a.names.withUnsafeBufferPointer(\.baseAddress) == b.names.withUnsafeBufferPointer(\.baseAddress))
        b["x"] = 1
        b["y"] = "two"
        #expect(a == b && a.hashValue == b.hashValue)
        b["z"] = true  // changes b's names only
        #expect(a.names == [NameKey("x"), NameKey("y")].sorted(by: NameKey.precedes) && b.count == 3)
        a["x"] = nil
        #expect(a.count == 1 && b["x"] == 1)
    }

    @Test("Removing and replacing attributes keeps the rest findable", arguments: [5, 40])
    func removeAndReplace(count: Int) {
        var attributes = CustomAttributes()
        let names = StorageTests.names(count, seed: 3)
        for name in names { attributes[name] = .text(name) }
        for name in names.prefix(count / 2) { attributes[name] = nil }
        attributes[names[count - 1].lowercased()] = "replaced"
        #expect(attributes.count == count - count / 2)
        for name in names.prefix(count / 2) { #expect(attributes[name] == nil) }
        for name in names.dropFirst(count / 2).dropLast() { #expect(attributes[name] == .text(name)) }
        #expect(attributes[names[count - 1]] == .text("replaced"))
        #expect(attributes.entry(NameKey(names[count - 1]))?.name == names[count - 1])  // first spelling kept
        var rebuilt = CustomAttributes()
        for name in names.dropFirst(count / 2).dropLast().reversed() { rebuilt[name] = .text(name) }
        rebuilt[names[count - 1]] = "replaced"
        #expect(rebuilt == attributes)
    }

    @Test(
        "Sorted keys meet another set exactly as sets intersect",
        arguments: [(0, 5), (1, 1), (5, 8), (8, 60), (40, 300), (300, 40)])
    func sortedKeysMeet(mine: Int, theirs: Int) {
        var rng = SeededGenerator(seed: UInt64(mine * 1_000 + theirs))
        let pool = (0..<400).map { NameKey("Tech \($0)") }
        let a = (0..<mine).map { _ in pool[Int(rng.next() % 400)] }
        let b = (0..<theirs).map { _ in pool[Int(rng.next() % 400)] }
        let here = SortedKeys(a)
        let there = SortedKeys(b)
        #expect(here.count == Set(a).count)
        var met: [NameKey] = []
        here.forEachCommon(with: there) { i, j in
            #expect(here.keys[i] == there.keys[j])
            met.append(here.keys[i])
            return false
        }
        #expect(Set(met) == Set(a).intersection(b))
        #expect(met.count == Set(met).count)
        for key in pool { #expect(there.contains(key) == b.contains(key)) }
        // Stopping early stops.
        var calls = 0
        here.forEachCommon(with: there) { _, _ in
            calls += 1
            return true
        }
        #expect(calls == min(1, met.count))
    }

    @Test(
        "Country codes of two capitals number 0..<676; anything else has none",
        arguments: [
            ("AA", 0), ("AB", 1), ("BA", 26), ("US", 20 * 26 + 18), ("ZZ", 675), ("us", nil), ("USA", nil),
            ("U", nil), ("", nil), ("ÜS", nil), ("U1", nil),
        ] as [(String, Int?)])
    func countryNumbers(code: String, number: Int?) {
        #expect(Geography.alpha2Number(code) == number)
    }
}

/// The integer numbers of an account as `Double?`, so that one table of key
/// paths covers them all.
extension Account {
    fileprivate var employeesAsDouble: Double? {
        get { employees.map(Double.init) }
        set { employees = newValue.map { Int($0) } }
    }
    fileprivate var foundedAsDouble: Double? {
        get { founded.map(Double.init) }
        set { founded = newValue.map { Int($0) } }
    }
    fileprivate var referralsAsDouble: Double? {
        get { referralsGiven.map(Double.init) }
        set { referralsGiven = newValue.map { Int($0) } }
    }
    fileprivate var npsAsDouble: Double? {
        get { nps.map(Double.init) }
        set { nps = newValue.map { Int($0) } }
    }
    fileprivate var customersAsDouble: Double? {
        get { customerCount.map(Double.init) }
        set { customerCount = newValue.map { Int($0) } }
    }
}
