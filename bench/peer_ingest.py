# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
"""peer_ingest.py -- make bench's peer for sprintd's first job, written as
a short Python script would be: every message of an IMAP mailbox read as
a person's mail is read (the email package's modern policy: decoded
headers, the text body decoded) and stored raw with its subject, sender
and text in SQLite, committed every 200.
Usage: python3 peer_ingest.py HOST PORT USER PASSWORD_FILE DATABASE"""
import email, email.policy, email.utils, imaplib, sqlite3, sys

host, port, user, password_file, database = sys.argv[1:6]
with open(password_file) as f:
    password = f.read().strip()
db = sqlite3.connect(database)
db.execute("CREATE TABLE IF NOT EXISTS messages (uid INTEGER PRIMARY KEY,"
           " subject TEXT, sender TEXT, text TEXT, raw BLOB NOT NULL)")
imap = imaplib.IMAP4(host, int(port))
imap.login(user, password)
imap.select("INBOX", readonly=True)
uids = imap.uid("SEARCH", None, "ALL")[1][0].split()
for i in range(0, len(uids), 200):
    typ, data = imap.uid("FETCH", b",".join(uids[i:i + 200]),
                         "(UID BODY.PEEK[])")
    for item in data:
        if isinstance(item, tuple):
            uid = int(item[0].split(b"UID ")[1].split()[0])
            msg = email.message_from_bytes(item[1],
                                           policy=email.policy.default)
            sender = email.utils.parseaddr(str(msg.get("From", "")))[1]
            body = msg.get_body(preferencelist=("plain", "html"))
            db.execute("INSERT OR REPLACE INTO messages VALUES "
                       "(?, ?, ?, ?, ?)", (uid, str(msg.get("Subject")),
                       sender, body.get_content() if body else None,
                       item[1]))
    db.commit()
imap.logout()
print(db.execute("SELECT count(*) FROM messages").fetchone()[0])
