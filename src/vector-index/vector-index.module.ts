import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { EmbeddingsModule } from '../embeddings/embeddings.module';
import { ItemsModule } from '../items/items.module';
import { MembersModule } from '../members/members.module';
import { IndexReplica } from './index-replica.service';

/** Starts the replica in the background: the api answers at once, search says when it is ready. */
@Injectable()
class IndexStarter implements OnApplicationBootstrap {
  private readonly logger = new Logger('IndexStarter');
  constructor(@Inject(IndexReplica) private readonly replica: IndexReplica) {}

  onApplicationBootstrap(): void {
    void this.replica
      .start()
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'the vector index could not start'),
      );
  }
}

/**
 * This process's replica of the retrieval indexes (vectors, keywords, placements), configured
 * once by the process's root (`start: false` for command-line tools that drive it themselves).
 */
@Global()
@Module({})
export class VectorIndexModule {
  static forRoot(options: { start?: boolean } = {}): DynamicModule {
    return {
      module: VectorIndexModule,
      imports: [EmbeddingsModule, ClustersModule, MembersModule, ItemsModule],
      providers: [IndexReplica, ...(options.start === false ? [] : [IndexStarter])],
      exports: [IndexReplica],
    };
  }
}
