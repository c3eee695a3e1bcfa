import { Schema } from 'mongoose';
import { FieldProblem } from '../common/errors/domain-error';

/** MongoDB documents of import runs and their rejected lines. */
export interface ImportRunDoc {
  _id: string;
  source: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  updatedAt: Date;
  lines: number;
  committedThroughLine: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

export interface ImportRejectionDoc {
  _id: string;
  importId: string;
  line: number;
  problems: FieldProblem[];
}

export const importRunSchema = new Schema<ImportRunDoc>(
  {
    _id: { type: String, required: true },
    source: { type: String, required: true },
    status: { type: String, required: true, enum: ['running', 'completed', 'failed'] },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
    lines: { type: Number, default: 0 },
    committedThroughLine: { type: Number, default: 0 },
    created: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    rejected: { type: Number, default: 0 },
    error: { type: String, default: null },
  },
  { collection: 'imports', versionKey: false, timestamps: false },
);

export const importRejectionSchema = new Schema<ImportRejectionDoc>(
  {
    _id: { type: String, required: true },
    importId: { type: String, required: true },
    line: { type: Number, required: true, min: 1 },
    problems: { type: [{ field: String, reason: String, _id: false }], required: true },
  },
  { collection: 'import_rejections', versionKey: false, timestamps: false },
);
importRejectionSchema.index({ importId: 1, line: 1 }, { unique: true });
