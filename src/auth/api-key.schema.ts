import { Schema } from 'mongoose';
import { ROLES } from './api-key';

/** MongoDB document of an API key (the token's hash, never the token). */
export interface ApiKeyDoc {
  _id: string;
  tokenHash: string;
  tokenPrefix: string;
  role: string;
  clusterIds: string[];
  memberId: string | null;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    tokenPrefix: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES },
    clusterIds: { type: [String], default: [] },
    memberId: { type: String, default: null },
    label: { type: String, required: true, maxlength: 200 },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    lastUsedAt: { type: Date, default: null },
  },
  { collection: 'api_keys', versionKey: false, timestamps: false },
);
apiKeySchema.index({ tokenHash: 1 }, { unique: true });
apiKeySchema.index({ clusterIds: 1 });
apiKeySchema.index({ memberId: 1 });
