import Dispatch

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Maps `0..<count` to values on several threads, results in index order:
/// the one parallel helper of the package (bulk scoring, CRM imports,
/// `icp`'s output).
///
/// Each result is written once into its own slot of a buffer allocated up
/// front, so no lock is taken per element.
package enum ParallelMap {
    /// The number of threads to use when none is given: the cores the
    /// process may run on (`taskset`, a container's CPU set), at most the
    /// active cores.
    package static let defaultThreads: Int = {
        var threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
        #if os(Linux)
        func read(_ path: String) -> String? {
            FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        }
        // The CPUs this process may run on: the mask in /proc/self/status.
        if let status = read("/proc/self/status"),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        {
            let mask = line.dropFirst("Cpus_allowed:".count).filter { $0.isHexDigit }
            let allowed = mask.reduce(0) { $0 + ($1.hexDigitValue ?? 0).nonzeroBitCount }
            if allowed > 0 { threads = min(threads, allowed) }
        }
        // A cgroup v2 CPU quota ("200000 100000": two CPUs' worth).
        if let quota = read("/sys/fs/cgroup/cpu.max")?.split(whereSeparator: { $0 == " " || $0 == "\n" }),
            quota.count == 2, let limit = Double(quota[0]), let period = Double(quota[1]), period > 0
        {
            threads = min(threads, max(1, Int((limit / period).rounded(.up))))
        }
        #endif
        return threads
    }()

    /// Work cut into contiguous chunks, a few per thread, so threads that
    /// finish early take more.
    package static func map<T>(count: Int, threads: Int?, _ transform: @Sendable (Int) -> T) -> [T] {
        let workers = max(1, min(threads ?? defaultThreads, count))
        guard workers > 1 else { return (0..<count).map(transform) }
        return run(count: count, parts: min(count, workers * 8)) { _, i in transform(i) }
    }

    /// Work cut into one contiguous part per element of `states`, each part
    /// with its own mutable state (a cache, say), kept across calls.
    /// `states` must not be empty.
    package static func map<State, T>(
        count: Int, states: UnsafeMutableBufferPointer<State>, _ work: @Sendable (Int, inout State) -> T
    ) -> [T] {
        let shared = UnsafeSlots(pointer: states.baseAddress)
        return run(count: count, parts: max(1, min(states.count, count))) { part, i in
            // Each part touches only its own state.
            work(i, &shared.pointer.unsafelyUnwrapped[part])
        }
    }

    /// Maps `0..<count` to values on one thread per element of `states`,
    /// results in index order, while the calling thread first runs
    /// `meanwhile` (the previous batch's sequential work, say) and then
    /// joins in. Parts are taken in index order by whichever thread is free;
    /// each thread uses its own state. An error from `meanwhile` is thrown
    /// once the parts are done. `states` must not be empty.
    package static func map<State, T>(
        count: Int, states: UnsafeMutableBufferPointer<State>, meanwhile: () throws -> Void,
        _ work: @escaping @Sendable (Int, inout State) -> T
    ) throws -> [T] {
        let shared = UnsafeSlots(pointer: states.baseAddress)
        let next = PartCounter(count: count)
        let group = DispatchGroup()
        var failure: (any Error)?
        let results = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = UnsafeSlots(pointer: buffer.baseAddress)
            @Sendable func take(_ state: Int) {
                guard let states = shared.pointer, let out = slots.pointer else { return }
                while let i = next.take() { (out + i).initialize(to: work(i, &states[state])) }
            }
            for state in 1..<max(1, states.count) where count > 0 {
                DispatchQueue.global().async(group: group) { take(state) }
            }
            do { try meanwhile() } catch { failure = error }
            take(0)
            group.wait()
            initialized = count
        }
        if let failure { throw failure }
        return results
    }

    /// Maps `0..<count` by contiguous parts, a few per thread: `work` is
    /// given a part's range and the address of its first result, and must
    /// initialize exactly `range.count` results from there. On one thread
    /// the whole range is one part.
    package static func mapParts<T>(
        count: Int, threads: Int?, _ work: @Sendable (Range<Int>, UnsafeMutablePointer<T>) -> Void
    ) -> [T] {
        let workers = max(1, min(threads ?? defaultThreads, count))
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = UnsafeSlots(pointer: buffer.baseAddress)
            split(count, into: workers > 1 ? min(count, workers * 8) : 1) { _, range in
                guard let p = base.pointer else { return }
                work(range, p + range.lowerBound)
            }
            initialized = count
        }
    }

    private static func run<T>(count: Int, parts: Int, _ work: @Sendable (Int, Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = UnsafeSlots(pointer: buffer.baseAddress)
            split(count, into: parts) { part, range in
                guard let p = base.pointer else { return }
                for i in range { (p + i).initialize(to: work(part, i)) }
            }
            initialized = count
        }
    }

    /// Cuts `0..<count` into `parts` contiguous ranges of nearly equal size
    /// and runs `body` on each (part, range) on the worker threads;
    /// returns when all are done. Empty ranges are skipped.
    private static func split(_ count: Int, into parts: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
        let size = (count + parts - 1) / max(1, parts)
        guard parts > 1 else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = part * size
            let end = min(count, start + size)
            guard start < end else { return }
            body(part, start..<end)
        }
    }
}

/// The next part to take, shared by the threads of a map.
private final class PartCounter: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var next = 0
    private let count: Int

    init(count: Int) { self.count = count }

    /// The next part, or `nil` when all are taken.
    func take() -> Int? {
        lock.wait()
        defer { lock.signal() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// A buffer's address shared with the worker threads. Each slot is written
/// by exactly one worker, and the buffer is read only after all workers
/// have finished (`concurrentPerform` returns when they have).
private struct UnsafeSlots<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>?
}

extension Rubric where Subject: Sendable {
    /// Scores every subject on all cores (or `threads` of them); the scores
    /// come back in the subjects' order, the same on any number of threads.
    ///
    /// - Parameters:
    ///   - subjects: What to score.
    ///   - context: The "as of" moment.
    ///   - detail: ``ScoringDetail/pointsOnly`` (the default here) builds no
    ///     text; ask for ``ScoringDetail/explained`` only when the sentences
    ///     will be read.
    ///   - threads: How many threads; by default one per active core.
    public func scoreAll<C: RandomAccessCollection & Sendable>(
        _ subjects: C, in context: EvaluationContext, detail: ScoringDetail = .pointsOnly, threads: Int? = nil
    ) -> [Score] where C.Element == Subject {
        ParallelMap.map(count: subjects.count, threads: threads) { i in
            score(subjects[subjects.index(subjects.startIndex, offsetBy: i)], in: context, detail: detail)
        }
    }
}

extension Profile where Subject: Sendable {
    /// Scores every subject's fit, engagement and matrix cell on all cores
    /// (or `threads` of them), in the subjects' order.
    public func scoreAll<C: RandomAccessCollection & Sendable>(
        _ subjects: C, in context: EvaluationContext, detail: ScoringDetail = .pointsOnly, threads: Int? = nil
    ) -> [ProfileScore] where C.Element == Subject {
        ParallelMap.map(count: subjects.count, threads: threads) { i in
            score(subjects[subjects.index(subjects.startIndex, offsetBy: i)], in: context, detail: detail)
        }
    }
}
