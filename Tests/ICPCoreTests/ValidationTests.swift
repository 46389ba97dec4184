import ICPCore
import Testing

@Suite("Rubric validation")
struct ValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let build: @Sendable () throws -> Void
        let message: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "empty", build: { _ = try Rubric<FactSheet>(name: "R", lines: []) },
            message: "rubric \"R\": has no lines; add at least one criterion or banded signal"),
        Case(
            label: "duplicate names",
            build: {
                _ = try Rubric<FactSheet>("R") {
                    fact("a").points(1); fact("b").points(1); fact("a").points(2)
                }
            }, message: "rubric \"R\": lines 1, 3 are all named \"a\"; give each line a unique name with .named(_:)"),
        Case(
            label: "NaN points",
            build: {
                _ = try Rubric<FactSheet>("R") {
                    fact("a").points(1); fact("b").points(.nan)
                }
            },
            message: "rubric \"R\": line 2 \"b\": points must be a finite number, found NaN"),
        Case(
            label: "infinite points", build: { _ = try Rubric<FactSheet>("R") { fact("a").points(.infinity) } },
            message: "rubric \"R\": line 1 \"a\": points must be a finite number, found infinity"),
        Case(
            label: "infinite band threshold",
            build: {
                _ = try Rubric<FactSheet>("R") {
                    Measure(key: "v").bands(.atLeast(.infinity, points: 3), .atLeast(1, points: 1))
                }
            }, message: "rubric \"R\": line 1 \"v\": band 1 threshold must be a finite number, found infinity"),
        Case(
            label: "NaN band points",
            build: {
                _ = try Rubric<FactSheet>("R") { Measure(key: "v").bands(.atLeast(10, points: .nan)) }
            }, message: "rubric \"R\": line 1 \"v\": points must be a finite number, found NaN"),
        Case(
            label: "bands out of order",
            build: {
                _ = try Rubric<FactSheet>("R") {
                    Measure(key: "v").bands(.atLeast(1, points: 1), .atLeast(10, points: 3))
                }
            },
            message:
                "rubric \"R\": line 1 \"v\": band 2 (at least 10) must have a lower threshold than band 1 (at least 1); list bands from the highest threshold down"
        ),
        Case(
            label: "no bands", build: { _ = try Rubric<FactSheet>("R") { Measure(key: "v").bands([]) } },
            message: "rubric \"R\": line 1 \"v\": a banded line needs at least one band"),
        Case(
            label: "fixed missing points out of range",
            build: {
                _ = try Rubric<FactSheet>("R") { fact("a").points(2).ifMissing(.fixedPoints(3)) }
            },
            message:
                "rubric \"R\": line 1 \"a\": fixed points for missing data 3 lie outside what the line can earn (0…2)"),
        Case(
            label: "threshold above maximum",
            build: {
                _ = try Rubric<FactSheet>("R", threshold: .points(5)) {
                    fact("a").points(2); fact("b").points(2)
                }
            },
            message:
                "rubric \"R\": the qualifying threshold (at least 5 points) can never be reached: the most points any subject can earn is 4"
        ),
        Case(
            label: "ratio threshold above 1",
            build: {
                _ = try Rubric<FactSheet>("R", threshold: .ratio(1.2)) { fact("a").points(2) }
            },
            message:
                "rubric \"R\": qualifying threshold: threshold at least 120% is invalid; a ratio must lie in 0…1 and points must be finite"
        ),
        Case(
            label: "unreachable tier",
            build: {
                _ = try Rubric<FactSheet>("R", tiers: [Tier("Top", minimum: .points(9)), Tier("Rest")]) {
                    fact("a").points(8)
                }
            },
            message:
                "rubric \"R\": tier \"Top\" (at least 9 points) can never be reached: the most points any subject can earn is 8"
        ),
        Case(
            label: "unreachable tier under a cap",
            build: {
                _ = try Rubric<FactSheet>("R", tiers: [Tier("Top", minimum: .points(4)), Tier("Rest")], caps: ["g": 3])
                {
                    fact("a").points(3).group("g"); fact("b").points(3).group("g")
                }
            },
            message:
                "rubric \"R\": tier \"Top\" (at least 4 points) can never be reached: the most points any subject can earn is 3"
        ),
        Case(
            label: "tiers out of order",
            build: {
                _ = try Rubric<FactSheet>(
                    "R",
                    tiers: [Tier("Tier 2", minimum: .ratio(0.5)), Tier("Tier 1", minimum: .ratio(0.8)), Tier("Tier 3")]
                ) {
                    fact("a").points(10)
                }
            },
            message:
                "rubric \"R\": tiers out of order: tier \"Tier 1\" (at least 80%) can never be reached because the earlier tier \"Tier 2\" (at least 50%) takes every subject it would; list tiers from the highest minimum down"
        ),
        Case(
            label: "catch-all tier before others",
            build: {
                _ = try Rubric<FactSheet>(
                    "R", tiers: [Tier("Everyone"), Tier("Top", minimum: .ratio(0.8)), Tier("Rest")]
                ) {
                    fact("a").points(1)
                }
            },
            message:
                "rubric \"R\": tiers out of order: tier \"Top\" (at least 80%) can never be reached because the earlier tier \"Everyone\" (no minimum) takes every subject it would; list tiers from the highest minimum down"
        ),
        Case(
            label: "last tier not catch-all",
            build: {
                _ = try Rubric<FactSheet>(
                    "R", tiers: [Tier("Top", minimum: .ratio(0.8)), Tier("Middle", minimum: .ratio(0.4))]
                ) { fact("a").points(1) }
            },
            message:
                "rubric \"R\": the last tier \"Middle\" must take every subject (no minimum and no requirement), so that every score has a tier; add a final catch-all tier"
        ),
        Case(
            label: "duplicate tier names",
            build: {
                _ = try Rubric<FactSheet>("R", tiers: [Tier("A", minimum: .ratio(0.8)), Tier("A")]) {
                    fact("a").points(1)
                }
            }, message: "rubric \"R\": two tiers are named \"A\""),
        Case(
            label: "invalid cap",
            build: {
                _ = try Rubric<FactSheet>("R", caps: ["g": 0]) { fact("a").points(1).group("g") }
            }, message: "rubric \"R\": cap for group \"g\" must be a positive finite number of points, found 0"),
        Case(
            label: "cap for unknown group",
            build: {
                _ = try Rubric<FactSheet>("R", caps: ["ghost": 2]) { fact("a").points(1).group("g") }
            }, message: "rubric \"R\": a cap is set for group \"ghost\" but no line belongs to it"),
    ]

    @Test("Each invalid rubric is refused with a message naming what is wrong", arguments: cases)
    func refused(_ c: Case) {
        do {
            try c.build()
            Issue.record("\(c.label): built without error")
        } catch let error as RubricError {
            #expect(error.description == c.message)
        } catch {
            Issue.record("\(c.label): unexpected error \(error)")
        }
    }

    @Test("Tiers that need a criterion may follow lower minimums: requirements make them reachable")
    func requirementTiersAreNotOutOfOrder() throws {
        let rubric = try Rubric<FactSheet>(
            "R", tiers: [Tier("Best", requires: fact("us")), Tier("Good", minimum: .ratio(0.5)), Tier("Rest")]
        ) { fact("a").points(2) }
        #expect(rubric.tiers.map(\.name) == ["Best", "Good", "Rest"])
        #expect(rubric.score(FactSheet("l", ["us": 1, "a": 0]), asOf: asOf).tier == "Best")
        #expect(rubric.score(FactSheet("l", ["us": 0, "a": 1]), asOf: asOf).tier == "Good")
    }
}
