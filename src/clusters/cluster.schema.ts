import { Schema } from 'mongoose';
import {
  ProfileDoc,
  profileFromDoc,
  profileSchemaFields,
  profileToDoc,
} from '../profiles/profile.schema';
import { Cluster, clusterSearchText } from './cluster';

/** MongoDB document of a cluster. Never leaves the repository: mappers convert both ways. */
export interface ClusterDoc extends ProfileDoc {
  region: string | null;
  memberCount: number | null;
}

export const clusterSchema = new Schema<ClusterDoc>(
  {
    ...profileSchemaFields,
    region: { type: String, default: null, maxlength: 200 },
    memberCount: { type: Number, default: null, min: 0 },
  },
  { collection: 'clusters', versionKey: false, timestamps: false },
);
clusterSchema.index(
  { externalId: 1 },
  { unique: true, partialFilterExpression: { externalId: { $type: 'string' } } },
);
clusterSchema.index({ economy: 1, _id: 1 });
clusterSchema.index({ sectorIndex: 1, _id: 1 });

export const clusterMapper = {
  toDomain(this: void, d: ClusterDoc): Cluster {
    return { ...profileFromDoc(d), region: d.region ?? null, memberCount: d.memberCount ?? null };
  },
  toPersistence(this: void, c: Cluster, seq: number): ClusterDoc {
    return {
      ...profileToDoc(c, seq, clusterSearchText(c)),
      region: c.region,
      memberCount: c.memberCount,
    };
  },
};
