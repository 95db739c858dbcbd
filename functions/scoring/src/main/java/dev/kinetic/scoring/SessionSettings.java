package dev.kinetic.scoring;

/**
 * How ONNX Runtime runs one model's session on the CPU. The defaults suit small tabular models,
 * whose run takes microseconds: one thread per run, which then stays on its caller's thread. Larger
 * models may want more threads per run.
 *
 * @param intraOpThreads threads one run may use; with one, a run stays on its caller's thread
 * @param spinning whether those threads spin while they wait for work (ONNX Runtime's default);
 *     off, an idle run thread gives its core back, which matters more on a few shared cores than
 *     the microseconds a wake-up costs. No effect with one thread.
 * @param memoryArena ONNX Runtime's CPU arena allocator and the memory pattern it plans for
 *     repeated shapes (its default). Off, each run's buffers come from malloc: with four platform
 *     threads scoring at once on two cores, a single-row run of the example model took 4.2-4.6
 *     CPU-us against 6.5-7.9 with the arena, whose lock they contend for; in the function, whose
 *     requests run on virtual threads over one carrier per core, it made no difference.
 */
public record SessionSettings(int intraOpThreads, boolean spinning, boolean memoryArena) {

  /** One thread per run, no spinning, the arena on. */
  public static final SessionSettings DEFAULTS = new SessionSettings(1, false, true);

  public SessionSettings {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException(
          "a session needs at least one intra-op thread, got " + intraOpThreads);
    }
  }
}
