import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QueueName } from '../jobs/jobs';

/** The answers of the admin routes, as the OpenAPI document (and the web app's client) know them. */
export class QueueCountsResponse {
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty({ description: 'Waiting for a retry (backoff) or a requested delay' })
  delayed!: number;
  @ApiProperty({ description: 'The next run of a repeatable job: not work in progress' })
  scheduled!: number;
  @ApiProperty() failed!: number;
}

export class JobsStatusResponse {
  @ApiProperty({ enum: ['inline', 'bullmq'] }) driver!: string;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: { $ref: '#/components/schemas/QueueCountsResponse' },
    description: `Per queue (${Object.values(QueueName).join(', ')}); null when the queue is unreachable`,
  })
  queues!: Record<string, QueueCountsResponse> | null;
  @ApiPropertyOptional({ description: 'Why the queues could not be read' }) error?: string;
}

export class IndexSizesResponse {
  @ApiProperty() profile!: number;
  @ApiProperty() need!: number;
  @ApiProperty() offer!: number;
}

export class IndexStatusResponse {
  @ApiProperty({ enum: ['starting', 'rebuilding', 'ready', 'stopped'] }) state!: string;
  @ApiProperty() modelId!: string;
  @ApiProperty({ description: 'The last change-log entry this replica has applied' })
  watermark!: number;
  @ApiProperty({ type: IndexSizesResponse }) sizes!: IndexSizesResponse;
  @ApiProperty({ type: String, nullable: true }) lastSnapshotAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) startedFrom!: string | null;
  @ApiProperty({ description: 'Change-log entries not applied yet' }) lag!: number;
}

export class RecomputeRunResponse {
  @ApiProperty() id!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'Subjects to recompute' }) total!: number;
  @ApiProperty({ description: 'Subjects done so far' }) done!: number;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}

export class LoopDelayResponse {
  @ApiProperty() p50Ms!: number;
  @ApiProperty() p99Ms!: number;
  @ApiProperty() maxMs!: number;
  @ApiProperty() windowSeconds!: number;
}

export class LoopStatusResponse {
  @ApiProperty({ type: LoopDelayResponse }) lastMinute!: LoopDelayResponse;
  @ApiProperty({ type: LoopDelayResponse }) current!: LoopDelayResponse;
}

export class EmbeddingStatusResponse {
  @ApiProperty() model!: string;
  @ApiProperty({ description: 'Records whose current text has no vector yet' }) lag!: number;
}

export class PendingWorkResponse {
  @ApiProperty() embed!: boolean;
  @ApiProperty() match!: boolean;
}

export class ServiceStatusResponse {
  @ApiProperty({
    description: 'Nothing queued or running, and every change embedded, indexed and matched',
  })
  idle!: boolean;
  @ApiProperty({ type: JobsStatusResponse }) jobs!: JobsStatusResponse;
  @ApiProperty() changeLogHead!: number;
  @ApiProperty({ type: EmbeddingStatusResponse }) embedding!: EmbeddingStatusResponse;
  @ApiProperty({ type: IndexStatusResponse }) index!: IndexStatusResponse;
  @ApiProperty({ type: PendingWorkResponse }) pendingWork!: PendingWorkResponse;
  @ApiProperty({ description: 'Subjects with a computed suggestion list' })
  suggestionLists!: number;
  @ApiProperty({ type: RecomputeRunResponse, nullable: true })
  lastFullRecompute!: RecomputeRunResponse | null;
  @ApiProperty({ type: RecomputeRunResponse, nullable: true })
  currentRecompute!: RecomputeRunResponse | null;
  @ApiProperty({
    type: LoopStatusResponse,
    description:
      'How late this process’s event loop ran (ms); a p99 above ~100 ms means requests wait',
  })
  eventLoop!: LoopStatusResponse;
}

export class FailedJobResponse {
  @ApiProperty({ description: '<queue>:<job id>' }) id!: string;
  @ApiProperty({ enum: Object.values(QueueName) }) queue!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The job’s input, as queued' }) payload!: object;
  @ApiProperty() attempts!: number;
  @ApiProperty() error!: string;
  @ApiProperty() failedAt!: string;
}

export class FailedJobsResponse {
  @ApiProperty({ type: [FailedJobResponse] }) items!: FailedJobResponse[];
}

export class RetriedResponse {
  @ApiProperty() retried!: string;
}
