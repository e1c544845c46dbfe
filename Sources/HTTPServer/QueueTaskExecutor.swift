import Dispatch

/// Runs a task's jobs on a connection's serial queue. A handler started with this executor
/// preference runs on the connection's queue (unless it hops to an actor or awaits other work), and
/// its answer is written from the same queue, so a simple request never changes threads.
final class QueueTaskExecutor: TaskExecutor, @unchecked Sendable {
    let queue: DispatchQueue

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
