import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
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

/** This process's index replica; `start: false` for command-line tools that drive it themselves. */
@Global()
@Module({})
export class VectorIndexModule {
  static forRoot(options: { start?: boolean } = {}): DynamicModule {
    return {
      module: VectorIndexModule,
      providers: [IndexReplica, ...(options.start === false ? [] : [IndexStarter])],
      exports: [IndexReplica],
    };
  }
}
