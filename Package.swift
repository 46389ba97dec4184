// swift-tools-version:6.0

import PackageDescription

let package = Package(
    name: "ICP",
    products: [
        .library(name: "ICPCore", targets: ["ICPCore"]),
        .library(name: "ICPCriteria", targets: ["ICPCriteria"]),
        .library(name: "ICPTesting", targets: ["ICPTesting"]),
        .library(name: "ICPFiles", targets: ["ICPFiles"]),
        .library(name: "ICPOutcomes", targets: ["ICPOutcomes"]),
        .library(name: "ICPReports", targets: ["ICPReports"]),
        .executable(name: "icp", targets: ["icp"]),
    ],
    targets: [
        .target(name: "ICPCore"),
        .target(name: "ICPCriteria", dependencies: ["ICPCore"]),
        .target(name: "ICPTesting", dependencies: ["ICPCore", "ICPCriteria"]),
        .target(name: "ICPFiles", dependencies: ["ICPCore", "ICPCriteria"]),
        .target(name: "ICPOutcomes", dependencies: ["ICPCore", "ICPCriteria"]),
        .target(name: "ICPReports", dependencies: ["ICPCore", "ICPFiles", "ICPOutcomes"]),
        .target(
            name: "ICPDemo",
            dependencies: ["ICPCore", "ICPCriteria", "ICPFiles"],
            path: "Examples/ICPDemo"
        ),
        .target(name: "ICPLimit", path: "Benchmarks/ICPLimit"),
        .executableTarget(
            name: "icp-benchmark",
            dependencies: ["ICPCore", "ICPCriteria", "ICPFiles", "ICPOutcomes", "ICPDemo", "ICPLimit"],
            path: "Benchmarks/ICPBenchmark"
        ),
        .executableTarget(
            name: "icp",
            dependencies: ["ICPCore", "ICPCriteria", "ICPFiles", "ICPOutcomes", "ICPReports", "ICPDemo"],
            path: "Examples/icp"
        ),
        .testTarget(name: "ICPCoreTests", dependencies: ["ICPCore", "ICPTesting"]),
        .testTarget(
            name: "ICPCriteriaTests",
            dependencies: ["ICPCore", "ICPCriteria", "ICPTesting"]
        ),
        .testTarget(
            name: "ICPCommandTests", dependencies: ["ICPCore", "ICPTesting", "icp"], exclude: ["Golden", "SQL"]),
        .testTarget(
            name: "ICPFilesTests", dependencies: ["ICPCore", "ICPCriteria", "ICPFiles", "ICPDemo"],
            exclude: ["Corpus"]),
        .testTarget(
            name: "ICPOutcomesTests",
            dependencies: ["ICPCore", "ICPCriteria", "ICPOutcomes", "ICPTesting", "ICPFiles"]
        ),
        .testTarget(
            name: "ICPReportsTests",
            dependencies: ["ICPCore", "ICPCriteria", "ICPOutcomes", "ICPReports", "ICPTesting"]
        ),
        .testTarget(
            name: "ICPDemoTests",
            dependencies: ["ICPCore", "ICPCriteria", "ICPDemo"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Strict settings for every target, as swift-log does, without unsafe flags
// (they would stop other packages from depending on this one).
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
