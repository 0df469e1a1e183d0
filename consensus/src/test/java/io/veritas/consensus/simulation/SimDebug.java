package io.veritas.consensus.simulation;

/** Manual tool (not a test): replay one seed with a full trace, or print aggregate figures over many seeds. */
final class SimDebug {

    private SimDebug() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[1]);
        if (args[0].equals("stats")) {
            int seeds = Integer.parseInt(args[2]);
            long worstRecovery = 0, evidence = 0, equivocations = 0, crashes = 0, syncs = 0, deliveries = 0;
            int maxRound = 0, failures = 0;
            long start = System.nanoTime();
            for (long seed = 1; seed <= seeds; seed++) {
                Simulation sim = new Simulation(seed, n);
                Simulation.Outcome o = sim.run();
                if (!o.live() || !o.violations().isEmpty()) {
                    failures++;
                    System.out.println("seed " + seed + " failed: live=" + o.live() + " " + o.violations()
                            + o.nodeStates());
                }
                worstRecovery = Math.max(worstRecovery, o.finishedAt() - sim.healAt());
                evidence += o.evidenceFound();
                equivocations += o.equivocationsSeen();
                crashes += o.crashes();
                syncs += o.syncs();
                deliveries += o.deliveries();
                maxRound = Math.max(maxRound, o.maxRound());
            }
            System.out.printf("N=%d seeds=%d failures=%d wall=%.1fs worstRecoveryAfterHeal=%dms evidence=%d "
                    + "equivocationsSeen=%d crashes=%d syncs=%d maxRound=%d deliveries=%d%n", n, seeds, failures,
                    (System.nanoTime() - start) / 1e9, worstRecovery, evidence, equivocations, crashes, syncs,
                    maxRound, deliveries);
            return;
        }
        Simulation sim = new Simulation(Long.parseLong(args[0]), n);
        sim.trace = System.out;
        System.out.println(sim.run());
    }
}
