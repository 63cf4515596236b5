package dev.polystore.jdbi;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Read replicas against the replicated PostgreSQL pair of {@code scripts/replicas.sh}. */
class PostgresReplicaReadsTest extends ReplicaReadsContract {

  @RegisterExtension
  static final ReplicatedDatabase.Lazy DATABASE = ReplicatedDatabase.lazy(ReplicatedTestServers::postgres,
      "polystore_replica_reads");

  @Override
  ReplicatedDatabase database() {
    return DATABASE.get();
  }

  @Override
  ReplicaStatus.State stoppedState() {
    return ReplicaStatus.State.LAGGING;
  }
}
