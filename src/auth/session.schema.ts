import { Schema } from 'mongoose';
import { ROLES } from './api-key';

/** MongoDB document of a browser session (the cookie token's hash, never the token). */
export interface SessionDoc {
  _id: string;
  tokenHash: string;
  kind: 'email' | 'key';
  principal: {
    role: string;
    keyId: string;
    clusterIds: string[];
    memberId: string | null;
  } | null;
  email: string | null;
  choices: { partyKey: string; role: string; name: string }[];
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** MongoDB document of a one-time sign-in link. */
export interface SignInLinkDoc {
  _id: string;
  email: string;
  returnTo: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

const principalSchema = new Schema(
  {
    role: { type: String, required: true, enum: ROLES },
    keyId: { type: String, required: true },
    clusterIds: { type: [String], default: [] },
    memberId: { type: String, default: null },
  },
  { _id: false },
);

export const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    kind: { type: String, required: true, enum: ['email', 'key'] },
    principal: { type: principalSchema, default: null },
    email: { type: String, default: null, maxlength: 254 },
    choices: {
      type: [
        new Schema(
          {
            partyKey: { type: String, required: true },
            role: { type: String, required: true, enum: ['cluster_manager', 'member'] },
            name: { type: String, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'sessions', versionKey: false, timestamps: false },
);
sessionSchema.index({ tokenHash: 1 }, { unique: true });
sessionSchema.index({ 'principal.keyId': 1 });
// MongoDB drops sessions a day after they expire.
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 86400 });

/** _id is the token's hash. */
export const signInLinkSchema = new Schema<SignInLinkDoc>(
  {
    _id: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    email: { type: String, required: true, maxlength: 254 },
    returnTo: { type: String, default: null, maxlength: 2000 },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { collection: 'sign_in_links', versionKey: false, timestamps: false },
);
signInLinkSchema.index({ email: 1, createdAt: 1 });
signInLinkSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 86400 });
