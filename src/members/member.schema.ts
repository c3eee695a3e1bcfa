import { Schema } from 'mongoose';
import {
  ProfileDoc,
  profileFromDoc,
  profileSchemaFields,
  profileToDoc,
} from '../profiles/profile.schema';
import { MEMBER_KINDS, Member, memberSearchText } from './member';

/** MongoDB document of a member. Never leaves the repository. */
export interface MemberDoc extends ProfileDoc {
  clusterId: string;
  kind: string;
}

export const memberSchema = new Schema<MemberDoc>(
  {
    ...profileSchemaFields,
    clusterId: { type: String, required: true },
    kind: { type: String, required: true, enum: MEMBER_KINDS },
  },
  { collection: 'members', versionKey: false, timestamps: false },
);
memberSchema.index(
  { externalId: 1 },
  { unique: true, partialFilterExpression: { externalId: { $type: 'string' } } },
);
memberSchema.index({ clusterId: 1, _id: 1 });
memberSchema.index({ economy: 1, _id: 1 });
memberSchema.index({ sectorIndex: 1, _id: 1 });

export const memberMapper = {
  toDomain(this: void, d: MemberDoc): Member {
    return { ...profileFromDoc(d), clusterId: d.clusterId, kind: d.kind as Member['kind'] };
  },
  toPersistence(this: void, m: Member, seq: number): MemberDoc {
    return {
      ...profileToDoc(m, seq, memberSearchText(m)),
      clusterId: m.clusterId,
      kind: m.kind,
    };
  },
};
