package org.ldncds.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the in-process pipeline's cost grows with the record, in measures that do not
 * depend on what else runs on the machine: the calling thread's own CPU time and the
 * bytes it allocates, stage by stage, for records of 1,000 and 10,000 prefetch entries
 * (or those given as arguments), with the ratio between the largest and the smallest per
 * entry; and the heap the parsed request keeps alive. A linear pipeline has a ratio near
 * 1.0 per entry; a quadratic one grows with the record. With the argument
 * {@code referenced}, coded orders name their drug by a reference to an included
 * Medication, so that every one has a reference to resolve.
 *
 * <p>
 * Not a test: {@code mvn -B -Pbenchmark test-compile exec:exec@scaling}, options
 * {@code -Dbench.scaling.args="1000 10000 referenced"}.
 */
public final class RecordScaling {

	private RecordScaling() {
	}

	public static void main(String[] args) throws Exception {
		boolean referenced = java.util.Arrays.asList(args).contains("referenced");
		int[] sizes = java.util.Arrays.stream(args)
			.filter((arg) -> !arg.equals("referenced"))
			.mapToInt(Integer::parseInt)
			.toArray();
		if (sizes.length == 0) {
			sizes = new int[] { 1000, 10000 };
		}
		int largest = java.util.Arrays.stream(sizes).max().orElseThrow();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		List<String> lines = new ArrayList<>();
		try (InProcessPipeline pipeline = InProcessPipeline.start(2 * largest)) {
			double[][] cpu = new double[sizes.length][];
			double[][] bytes = new double[sizes.length][];
			long[] retained = new long[sizes.length];
			for (int s = 0; s < sizes.length; s++) {
				byte[] body = TypicalOrderSelect.requestBody(sizes[s], referenced);
				// Warm up on this size until the JIT has settled, then measure.
				int calls = Math.max(3, 200_000 / sizes[s]);
				long[] ignoredCpu = new long[InProcessPipeline.STAGES.length];
				long[] ignoredBytes = new long[InProcessPipeline.STAGES.length];
				for (int i = 0; i < calls; i++) {
					pipeline.callMeasured(body, threads, ignoredCpu, ignoredBytes);
				}
				long[] stageCpu = new long[InProcessPipeline.STAGES.length];
				long[] stageBytes = new long[InProcessPipeline.STAGES.length];
				for (int i = 0; i < calls; i++) {
					pipeline.callMeasured(body, threads, stageCpu, stageBytes);
				}
				cpu[s] = new double[stageCpu.length];
				bytes[s] = new double[stageBytes.length];
				for (int stage = 0; stage < stageCpu.length; stage++) {
					cpu[s][stage] = stageCpu[stage] / (double) calls;
					bytes[s][stage] = stageBytes[stage] / (double) calls;
				}
				retained[s] = retainedByParsedRequest(pipeline, body);
				lines.add(
						String.format(Locale.ROOT, "%,d entries (%,d bytes), %d calls:", sizes[s], body.length, calls));
			}
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT, "%-42s", "stage"));
			for (int size : sizes) {
				out.append(String.format(Locale.ROOT, " | %,8d: CPU ms   MB alloc", size));
			}
			out.append(" | CPU per entry ratio | alloc per entry ratio\n");
			for (int stage = 0; stage <= InProcessPipeline.STAGES.length; stage++) {
				boolean total = stage == InProcessPipeline.STAGES.length;
				out.append(String.format(Locale.ROOT, "%-42s", total ? "total" : InProcessPipeline.STAGES[stage]));
				double[] c = new double[sizes.length];
				double[] b = new double[sizes.length];
				for (int s = 0; s < sizes.length; s++) {
					c[s] = total ? java.util.Arrays.stream(cpu[s]).sum() : cpu[s][stage];
					b[s] = total ? java.util.Arrays.stream(bytes[s]).sum() : bytes[s][stage];
					out.append(String.format(Locale.ROOT, " | %18.2f %10.2f", c[s] / 1e6, b[s] / 1e6));
				}
				int last = sizes.length - 1;
				double scale = sizes[last] / (double) sizes[0];
				out.append(String.format(Locale.ROOT, " | %19.2f | %21.2f%n", c[last] / c[0] / scale,
						b[last] / b[0] / scale));
			}
			lines.forEach(System.out::println);
			System.out.print(out);
			for (int s = 0; s < sizes.length; s++) {
				System.out.printf(Locale.ROOT, "heap kept alive by the parsed request of %,d entries: %.1f MB%n",
						sizes[s], retained[s] / 1e6);
			}
		}
	}

	/** Heap in use after GC while the parsed request is held, less without it. */
	private static long retainedByParsedRequest(InProcessPipeline pipeline, byte[] body) throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long before = usedAfterGc(memory);
		Object held = pipeline.parse(body);
		long with = usedAfterGc(memory);
		java.lang.ref.Reference.reachabilityFence(held);
		return with - before;
	}

	private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
