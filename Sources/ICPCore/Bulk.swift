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
    /// The number of threads to use when none is given: the active cores.
    package static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

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

    private static func run<T>(count: Int, parts: Int, _ work: @Sendable (Int, Int) -> T) -> [T] {
        let size = (count + parts - 1) / max(1, parts)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = UnsafeSlots(pointer: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let start = part * size
                let end = min(count, start + size)
                guard start < end, let p = base.pointer else { return }
                for i in start..<end { (p + i).initialize(to: work(part, i)) }
            }
            initialized = count
        }
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
