import Dispatch

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Maps `0..<count` to values on several threads, results in index order.
///
/// Work is cut into contiguous chunks, a few per thread, so threads that
/// finish early take more; each result is written once into its own slot
/// of a buffer allocated up front, so no lock is taken per element.
enum ParallelMap {
    /// The number of threads to use when none is given: the active cores.
    static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    static func map<T>(count: Int, threads: Int?, _ transform: @Sendable (Int) -> T) -> [T] {
        let workers = max(1, min(threads ?? defaultThreads, count))
        guard workers > 1 else { return (0..<count).map(transform) }
        let chunks = min(count, workers * 8)
        let chunkSize = (count + chunks - 1) / chunks
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = UnsafeSlots(pointer: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * chunkSize
                let end = min(count, start + chunkSize)
                guard start < end, let p = base.pointer else { return }
                for i in start..<end { (p + i).initialize(to: transform(i)) }
            }
            initialized = count
        }
    }
}

/// The result buffer's address, shared with the worker threads. Each index
/// is written by exactly one worker, and the buffer is read only after all
/// workers have finished (`concurrentPerform` returns when they have).
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
