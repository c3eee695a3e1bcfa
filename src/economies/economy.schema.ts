import { Schema } from 'mongoose';
import { Economy } from './economy';

/** MongoDB document of an economy; `_id` is the economy code. Never leaves the repository. */
export interface EconomyDoc {
  _id: string;
  name: string;
  languages: string[];
  timezone: string;
  apec: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const economySchema = new Schema<EconomyDoc>(
  {
    _id: { type: String, required: true, match: /^[A-Z]{2}$/ },
    name: { type: String, required: true, maxlength: 120 },
    languages: { type: [String], required: true },
    timezone: { type: String, required: true },
    apec: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'economies', versionKey: false, timestamps: false },
);

export const economyMapper = {
  toDomain(this: void, d: EconomyDoc): Economy {
    return {
      code: d._id,
      name: d.name,
      languages: [...d.languages],
      timezone: d.timezone,
      apec: d.apec,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    };
  },
};
