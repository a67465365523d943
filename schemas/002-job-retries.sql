-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- sprintd schema, version 2: a job that fails is retried later, not lost.
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN last_error TEXT;
CREATE INDEX jobs_due ON jobs(done_at, due_at);
