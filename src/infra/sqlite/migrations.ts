/**
 * Versioned schema migrations for the embedded store. Append only: a released migration is never
 * edited, a change is a new entry. Each runs in its own transaction and is recorded in
 * `schema_migrations`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const entityColumns = `
  id TEXT PRIMARY KEY,
  external_id TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  seq INTEGER NOT NULL`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'domain: economies, clusters, members, collaboration items, api keys, change log, imports',
    sql: `
CREATE TABLE economies (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  languages TEXT NOT NULL,
  timezone TEXT NOT NULL,
  apec INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE clusters (${entityColumns},
  name TEXT NOT NULL,
  economy TEXT NOT NULL REFERENCES economies(code),
  region TEXT,
  description TEXT NOT NULL,
  sectors TEXT NOT NULL,
  technologies TEXT NOT NULL,
  languages TEXT NOT NULL,
  website TEXT,
  contact_name TEXT,
  contact_email TEXT,
  member_count INTEGER,
  search_text TEXT NOT NULL
);
CREATE INDEX clusters_by_economy ON clusters(economy, id);
CREATE TABLE cluster_sector_index (
  code TEXT NOT NULL,
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  PRIMARY KEY (code, cluster_id)
) WITHOUT ROWID;
CREATE INDEX cluster_sector_index_by_cluster ON cluster_sector_index(cluster_id);

CREATE TABLE members (${entityColumns},
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  economy TEXT NOT NULL REFERENCES economies(code),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  sectors TEXT NOT NULL,
  technologies TEXT NOT NULL,
  languages TEXT NOT NULL,
  website TEXT,
  contact_name TEXT,
  contact_email TEXT,
  search_text TEXT NOT NULL
);
CREATE INDEX members_by_cluster ON members(cluster_id, id);
CREATE INDEX members_by_economy ON members(economy, id);
CREATE TABLE member_sector_index (
  code TEXT NOT NULL,
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  PRIMARY KEY (code, member_id)
) WITHOUT ROWID;
CREATE INDEX member_sector_index_by_member ON member_sector_index(member_id);

CREATE TABLE items (${entityColumns},
  owner_type TEXT NOT NULL CHECK (owner_type IN ('cluster', 'member')),
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  member_id TEXT REFERENCES members(id) ON DELETE CASCADE,
  economy TEXT NOT NULL REFERENCES economies(code),
  kind TEXT NOT NULL,
  area TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  sectors TEXT NOT NULL,
  target_economies TEXT NOT NULL,
  languages TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  search_text TEXT NOT NULL,
  CHECK ((owner_type = 'member') = (member_id IS NOT NULL))
);
CREATE INDEX items_by_cluster ON items(cluster_id, id);
CREATE INDEX items_by_member ON items(member_id, id);
CREATE INDEX items_by_economy ON items(economy, id);
CREATE INDEX items_by_kind_area ON items(kind, area, id);
CREATE TABLE item_sector_index (
  code TEXT NOT NULL,
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  PRIMARY KEY (code, item_id)
) WITHOUT ROWID;
CREATE INDEX item_sector_index_by_item ON item_sector_index(item_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  token_prefix TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('operator', 'cluster_manager', 'member')),
  cluster_ids TEXT NOT NULL,
  member_id TEXT,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT
);

-- Every write to a cluster, member or item appends here in the same transaction: the feed that
-- index replicas and the job outbox follow (a watermark is a seq).
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  at TEXT NOT NULL
);

CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  updated_at TEXT NOT NULL,
  lines INTEGER NOT NULL DEFAULT 0,
  committed_through_line INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  error TEXT
);
CREATE TABLE import_rejections (
  import_id TEXT NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  problems TEXT NOT NULL,
  PRIMARY KEY (import_id, line)
) WITHOUT ROWID;
`,
  },
  {
    version: 2,
    name: 'embeddings, consumer cursors; change log entries for embeddings',
    sql: `
CREATE TABLE embeddings (
  entity TEXT NOT NULL CHECK (entity IN ('cluster', 'member', 'item')),
  entity_id TEXT NOT NULL,
  model_id TEXT NOT NULL,
  dimension INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  vector BLOB NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (model_id, entity, entity_id)
) WITHOUT ROWID;
CREATE INDEX embeddings_by_entity ON embeddings(entity, entity_id);

-- Where each consumer of the change log (the embedder, …) has got to.
CREATE TABLE consumer_cursors (
  name TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- The change log also carries 'embedding' entries (entity_id = '<entity>:<id>'), so index
-- replicas learn about new vectors the same way they learn about new records.
CREATE TABLE change_log_v2 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL CHECK (entity IN ('cluster', 'member', 'item', 'embedding')),
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  at TEXT NOT NULL
);
INSERT INTO change_log_v2 (seq, entity, entity_id, op, at) SELECT seq, entity, entity_id, op, at FROM change_log;
DROP TABLE change_log;
ALTER TABLE change_log_v2 RENAME TO change_log;
`,
  },
  {
    version: 3,
    name: 'match criteria with audit, suggestion lists, feedback',
    sql: `
CREATE TABLE match_criteria (
  version INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
  weights TEXT NOT NULL,
  rules TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  activated_at TEXT,
  activated_by TEXT
);
-- Exactly one active version at any time: enforced by the store, not only by the service.
CREATE UNIQUE INDEX match_criteria_one_active ON match_criteria(status) WHERE status = 'active';

CREATE TABLE criteria_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('created', 'activated')),
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  previous_version INTEGER
);

CREATE TABLE suggestion_lists (
  subject_key TEXT PRIMARY KEY,
  criteria_version INTEGER NOT NULL,
  computed_at TEXT NOT NULL,
  change_seq INTEGER NOT NULL,
  size INTEGER NOT NULL
);

CREATE TABLE suggestions (
  id TEXT PRIMARY KEY,
  subject_key TEXT NOT NULL,
  partner_key TEXT NOT NULL,
  partner_economy TEXT NOT NULL,
  rank INTEGER NOT NULL,
  score REAL NOT NULL,
  parts TEXT NOT NULL,
  reason TEXT NOT NULL,
  evidence TEXT NOT NULL,
  areas TEXT NOT NULL,
  criteria_version INTEGER NOT NULL,
  computed_at TEXT NOT NULL,
  UNIQUE (subject_key, partner_key)
);
CREATE INDEX suggestions_by_subject ON suggestions(subject_key, rank);
CREATE INDEX suggestions_by_partner ON suggestions(partner_key);

CREATE TABLE feedback (
  subject_key TEXT NOT NULL,
  partner_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('useful', 'not_relevant', 'saved', 'hidden')),
  reason TEXT,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (subject_key, partner_key)
) WITHOUT ROWID;
`,
  },
  {
    version: 4,
    name: 'jobs (inline failures, full recompute runs) and email digests',
    sql: `
-- Jobs that exhausted their retries under the inline driver (BullMQ keeps its own in Redis).
CREATE TABLE failed_jobs (
  id TEXT PRIMARY KEY,
  queue TEXT NOT NULL,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  error TEXT NOT NULL,
  failed_at TEXT NOT NULL
);

CREATE TABLE recompute_runs (
  id TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  total INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE TABLE recompute_run_subjects (
  run_id TEXT NOT NULL REFERENCES recompute_runs(id) ON DELETE CASCADE,
  subject_key TEXT NOT NULL,
  done_at TEXT NOT NULL,
  PRIMARY KEY (run_id, subject_key)
) WITHOUT ROWID;

CREATE TABLE digest_settings (
  recipient_key TEXT PRIMARY KEY,
  email TEXT,
  frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly', 'off')),
  timezone TEXT,
  language TEXT,
  unsubscribed_at TEXT,
  updated_at TEXT NOT NULL
);
-- One row per recipient and period: the idempotency record of a digest.
CREATE TABLE digests (
  recipient_key TEXT NOT NULL,
  period TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'empty', 'skipped')),
  message_id TEXT NOT NULL,
  email TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  PRIMARY KEY (recipient_key, period)
) WITHOUT ROWID;
-- Partners already sent to a recipient: a digest holds only suggestions never sent before.
CREATE TABLE digest_items (
  recipient_key TEXT NOT NULL,
  partner_key TEXT NOT NULL,
  suggestion_id TEXT NOT NULL,
  period TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (recipient_key, partner_key)
) WITHOUT ROWID;
`,
  },
  {
    version: 5,
    name: 'a lease on a digest while one job sends it',
    sql: `
-- Set (atomically, only when free or expired) by the job about to send a pending digest, so two
-- jobs for the same digest never both send it; cleared when a send fails.
ALTER TABLE digests ADD COLUMN lease_until TEXT;
`,
  },
  {
    version: 6,
    name: 'pending jobs of the inline driver',
    sql: `
-- Jobs queued and not yet finished under the inline driver, so a crash or restart loses none
-- (BullMQ keeps its own in Redis). Reloaded as waiting at start-up, in queueing order.
CREATE TABLE pending_jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  queue TEXT NOT NULL,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  dedup_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0
);
`,
  },
  {
    version: 7,
    name: 'introductions and their audit trail',
    sql: `
CREATE TABLE introductions (
  id TEXT PRIMARY KEY,
  requester_key TEXT NOT NULL,
  target_key TEXT NOT NULL,
  requester_cluster_id TEXT NOT NULL,
  target_cluster_id TEXT NOT NULL,
  requester_economy TEXT NOT NULL,
  target_economy TEXT NOT NULL,
  suggestion_id TEXT NOT NULL,
  message TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  requested_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  decided_at TEXT,
  decided_by TEXT,
  response TEXT,
  -- When the email about the request / about the decision went out (or was found unneeded).
  request_notified_at TEXT,
  decision_notified_at TEXT
);
CREATE INDEX introductions_requester ON introductions (requester_key, created_at);
CREATE INDEX introductions_target ON introductions (target_key, created_at);
CREATE INDEX introductions_requester_cluster ON introductions (requester_cluster_id);
CREATE INDEX introductions_target_cluster ON introductions (target_cluster_id);
CREATE INDEX introductions_pending ON introductions (status, expires_at);
CREATE TABLE introduction_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  introduction_id TEXT NOT NULL REFERENCES introductions (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX introduction_events_by_introduction ON introduction_events (introduction_id, seq);
`,
  },
  {
    version: 8,
    name: 'registry data as it comes (inferred sectors, default validity), collaborations',
    sql: `
ALTER TABLE clusters ADD COLUMN inferred_sectors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE members ADD COLUMN inferred_sectors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE items ADD COLUMN inferred_sectors TEXT NOT NULL DEFAULT '[]';
-- 1: validUntil was not given; it is today + ITEM_TTL_DAYS and renews when the item changes.
ALTER TABLE items ADD COLUMN valid_until_default INTEGER NOT NULL DEFAULT 0;

-- Who worked with whom: imported projects, operators' records, accepted introductions.
CREATE TABLE collaborations (
  id TEXT PRIMARY KEY,
  external_id TEXT UNIQUE,
  title TEXT NOT NULL,
  area TEXT,
  start_date TEXT,
  source TEXT NOT NULL CHECK (source IN ('import', 'api', 'introduction')),
  introduction_id TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE collaboration_parties (
  collaboration_id TEXT NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
  party_key TEXT NOT NULL,
  PRIMARY KEY (collaboration_id, party_key)
) WITHOUT ROWID;
CREATE INDEX collaboration_parties_by_party ON collaboration_parties (party_key);

-- Collaborations are in the change log too: each process's graph follows it, as its index does.
CREATE TABLE change_log_v3 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL CHECK (entity IN ('cluster', 'member', 'item', 'embedding', 'collaboration')),
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  at TEXT NOT NULL
);
INSERT INTO change_log_v3 (seq, entity, entity_id, op, at) SELECT seq, entity, entity_id, op, at FROM change_log;
DROP TABLE change_log;
ALTER TABLE change_log_v3 RENAME TO change_log;
`,
  },
  {
    version: 9,
    name: 'browser sessions and one-time sign-in links',
    sql: `
-- A browser session: its cookie token's hash, never the token. principal is null while a contact
-- of several parties has not chosen one (choices lists them).
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'key')),
  principal TEXT,
  email TEXT,
  choices TEXT NOT NULL DEFAULT '[]',
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_by_key ON sessions (json_extract(principal, '$.keyId'));
CREATE TABLE sign_in_links (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  return_to TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX sign_in_links_by_email ON sign_in_links (email, created_at);
`,
  },
  {
    version: 10,
    name: 'reasons as data; the contact-release email',
    sql: `
-- The reason of a suggestion as parts (JSON), rendered in the reader's language. Lists stored
-- before keep their English reason (reason_parts is null) until the next recompute.
ALTER TABLE suggestions ADD COLUMN reason_parts TEXT;
-- The contact-release email to the partner who accepted. Introductions accepted before it existed
-- count as told, so the sweep does not send it for old ones.
ALTER TABLE introductions ADD COLUMN release_notified_at TEXT;
UPDATE introductions SET release_notified_at = coalesce(decided_at, created_at) WHERE status = 'accepted';
`,
  },
  {
    version: 11,
    name: 'party headers read from covering indexes',
    sql: `
-- A party's header (every column but description and search_text) from an index, not the row: in
-- the row, sectors and inferred_sectors sit behind the long texts, so reading them walked their
-- overflow pages (a suggestion read's ten partners: 0.155 -> 0.085 ms). A column added to these
-- tables later must be added here too (test/unit/infra/sqlite-headers.spec.ts checks the plan).
CREATE INDEX clusters_headers ON clusters (id, external_id, created_at, updated_at, seq, name,
  economy, region, sectors, technologies, languages, website, contact_name, contact_email,
  member_count, inferred_sectors);
CREATE INDEX members_headers ON members (id, external_id, created_at, updated_at, seq, cluster_id,
  economy, name, kind, sectors, technologies, languages, website, contact_name, contact_email,
  inferred_sectors);
`,
  },
];
