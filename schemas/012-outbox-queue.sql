-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 012: the outbox's queue as a partial index, and its failures as
-- another: a mail that goes out leaves the queue's index and enters no
-- other, so recording that it was sent writes two pages, not three (the
-- old index moved it from the "queued" part to the "sent" part).
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(next_attempt) WHERE status = 'queued';
CREATE INDEX outbox_failed ON outbox(id) WHERE status = 'failed';
