package io.veritas.testnet.node;

import io.veritas.chain.api.TransactionAdmission;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.txpool.AddResult;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.chain.types.Address;
import io.veritas.inference.engine.LoadedModel;
import io.veritas.inference.modelgen.ModelStore;
import io.veritas.chain.p2p.host.Host;
import io.veritas.market.output.JobOutputService;
import io.veritas.market.rules.MarketParameters;
import io.veritas.market.worker.ModelCatalog;
import io.veritas.market.worker.ModuleCallSender;
import io.veritas.market.worker.ProviderWorker;
import io.veritas.market.worker.TraceSecretStore;
import io.veritas.market.worker.TransactionSubmitter;
import io.veritas.verifier.rules.VerifierParameters;
import io.veritas.verifier.worker.VerificationWorker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute side of a node: the models it serves (the genesis default model, generated on first use), one
 * {@link ProviderWorker} per configured provider key, each registered with the market's minimum bond on start, one
 * {@link VerificationWorker} acting for all those keys when challenges name them, and
 * the job output protocol ({@link JobOutputService}: served for its providers' jobs, fetched for any job).
 */
final class ComputeServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeServices.class);
  /** Inference threads per engine: the machine's cores, as the runtime splits rows only. */
  private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final ModelCatalog models;
  private final List<ProviderWorker> providers = new ArrayList<>();
  private JobOutputService outputs;
  private VerificationWorker verification;

  private ComputeServices(ModelCatalog models) {
    this.models = models;
  }

  static ComputeServices start(
      List<ProviderSetup> setups,
      MarketParameters market,
      VerifierParameters verifierParams,
      Blockchain chain,
      TransactionPool pool,
      TransactionAdmission admission,
      ModuleDispatcher modules,
      Path dataDir,
      Host host) {
    // A node without providers serves no model; it still fetches outputs from providers' nodes.
    List<LoadedModel> served = setups.isEmpty() ? List.of() : List.of(LoadedModel.open(ModelStore.standard().resolve("default")));
    ComputeServices services = new ComputeServices(new ModelCatalog(served, THREADS));
    String endpoint = host.listenAddrs().get(0).toString();
    try {
      services.outputs = new JobOutputService(host, chain, services.models,
          setups.stream().map(s -> s.key().address()).collect(java.util.stream.Collectors.toSet()));
      if (!setups.isEmpty()) {
        services.outputs.register();
      }
      TransactionSubmitter submitter = new PoolSubmitter(pool, admission, chain);
      List<VerificationWorker.Identity> identities = new ArrayList<>();
      for (ProviderSetup setup : setups) {
        ModuleCallSender sender = new ModuleCallSender(setup.key(), chain.parameters().chainId(), modules, submitter);
        Path keyDir = dataDir.resolve("providers").resolve(setup.key().address().toHexString());
        TraceSecretStore secrets = new TraceSecretStore(keyDir);
        identities.add(new VerificationWorker.Identity(sender, secrets, new TraceSecretStore(keyDir.resolve("verdicts"), "challenge-"),
            setup.faults(), setup.verifierFaults()));
        ProviderWorker worker = new ProviderWorker(sender, chain, services.models, secrets, setup.faults());
        services.providers.add(worker);
        worker.ensureRegistered(new ProviderWorker.Registration(
            services.models.ids(), setup.pricePerToken(), setup.payout(), endpoint, market.minProviderBond()));
        worker.start();
        LOG.info("compute provider started: provider={} payout={} models={} faults={}", setup.key().address(), setup.payout(),
            services.models.ids(), setup.faults().any() || setup.verifierFaults().any()
                ? setup.faults() + " " + setup.verifierFaults() : "none");
      }
      if (!identities.isEmpty()) {
        services.verification = new VerificationWorker(chain, services.models, verifierParams, identities);
        services.verification.start();
      }
      return services;
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
  }

  ModelCatalog models() {
    return models;
  }

  JobOutputService outputs() {
    return outputs;
  }

  @Override
  public void close() {
    if (verification != null) {
      verification.close();
    }
    providers.forEach(ProviderWorker::close);
    models.close();
  }

  /** Hands worker transactions to the local pool, through the same admission rules as eth_sendRawTransaction. */
  private record PoolSubmitter(TransactionPool pool, TransactionAdmission admission, Blockchain chain) implements TransactionSubmitter {
    @Override
    public Optional<String> submit(Transaction tx) {
      AddResult result = admission.admit(tx);
      return result instanceof AddResult.Rejected rejected ? Optional.of(rejected.message()) : Optional.empty();
    }

    @Override
    public long pendingNonce(Address account) {
      return pool.pendingNonce(account);
    }

    @Override
    public UInt256 nextBaseFee() {
      return chain.nextBaseFee();
    }
  }
}
