import Foundation
import ICPCore
import ICPCriteria
import ICPDemo
import ICPFiles
import Testing

@Suite("Profile files")
struct ProfileFileTests {
    @Test("The example profile round-trips: same text, same scores")
    func roundTrip() throws {
        let profile = try ExampleProfile.securitySoftware()
        let text = try ProfileFile.encode(profile)
        let read = try ProfileFile.decode(text)
        #expect(try ProfileFile.encode(read) == text)
        let accounts = SampleAccounts.generate(count: 200, seed: 3)
        for a in accounts {
            #expect(read.score(a, asOf: Demo.asOf) == profile.score(a, asOf: Demo.asOf))
        }
        #expect(read.personas == profile.personas)
        #expect(read.lastReviewed == CalendarDay(2026, 9, 1))
    }

    /// The package root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("The shipped security-software profile is the example profile, tiers named as the seed names them")
    func shippedSecurityProfile() throws {
        let path = Self.root.appendingPathComponent("Examples/Profiles/security-software.json").path
        let shipped = try ProfileFile.load(path: path)
        #expect(try ProfileFile.encode(shipped) == ProfileFile.encode(ExampleProfile.securitySoftware()))
        #expect(shipped.fit.tiers.map(\.name) == ["Best fit", "Good fit", "Bad fit"])
        #expect(shipped.personas.map(\.name) == ["Security leader", "IT operations", "Procurement"])
    }
}
