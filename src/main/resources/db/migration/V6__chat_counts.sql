-- How many chats each owner has, kept with every chat created or deleted (in the same transaction), so
-- that a page of the chat list reads its total in one row instead of counting every chat of the owner
-- (COUNT(*) walked the owner's index entries: 18.6 % of the server's CPU in the REST mix of bench/ once an
-- owner had tens of thousands of chats).
CREATE TABLE chat_counts (
    owner  VARCHAR(100) NOT NULL,
    total  BIGINT       NOT NULL,
    PRIMARY KEY (owner)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO chat_counts (owner, total) SELECT owner, COUNT(*) FROM chats GROUP BY owner;
