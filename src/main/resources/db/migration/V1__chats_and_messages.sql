-- The same SQL runs on MariaDB and on H2 in MariaDB mode. Times are epoch milliseconds (UTC).

CREATE TABLE chats (
    id          CHAR(36)     NOT NULL,
    owner       VARCHAR(100) NOT NULL,
    title       VARCHAR(200) NOT NULL,
    session_id  VARCHAR(200),
    last_seq    BIGINT       NOT NULL DEFAULT 0,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX chats_by_owner_updated ON chats (owner, updated_at, created_at);
CREATE INDEX chats_by_updated ON chats (updated_at, created_at);

-- status: 'complete' (visible in the REST history) or 'streaming' (being generated; its text so far
-- lives in message_chunks until it completes, or until the next start marks it interrupted).
CREATE TABLE messages (
    id          CHAR(36)     NOT NULL,
    chat_id     CHAR(36)     NOT NULL,
    seq         BIGINT       NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    content     LONGTEXT     NOT NULL,
    metadata    LONGTEXT,
    status      VARCHAR(16)  NOT NULL,
    stop_reason VARCHAR(32),
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT messages_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE UNIQUE INDEX messages_by_chat_seq ON messages (chat_id, seq);
CREATE INDEX messages_by_status ON messages (status);

-- Append-only pieces of a message being streamed, so a flush writes only what is new.
-- kind 'text': body is text appended to the message's current text part;
-- kind 'part': body is one whole content part as JSON (tool_use, tool_result).
CREATE TABLE message_chunks (
    message_id  CHAR(36)     NOT NULL,
    chunk_no    INT          NOT NULL,
    kind        VARCHAR(8)   NOT NULL,
    body        LONGTEXT     NOT NULL,
    PRIMARY KEY (message_id, chunk_no),
    CONSTRAINT chunks_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
