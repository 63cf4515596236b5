package dev.polystore.jdbi;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Read replicas against the replicated MariaDB pair of {@code scripts/replicas.sh}. */
class MysqlReplicaReadsTest extends ReplicaReadsContract {

  @RegisterExtension
  static final ReplicatedDatabase.Lazy DATABASE = ReplicatedDatabase.lazy(ReplicatedTestServers::mysql,
      "polystore_replica_reads");

  @Override
  ReplicatedDatabase database() {
    return DATABASE.get();
  }

  @Override
  ReplicaStatus.State stoppedState() {
    return ReplicaStatus.State.NOT_REPLICATING;
  }
}
