-- The chat list (newest first, 20 a page) reads only its page: the indexes end with id, the list's last
-- ORDER BY column, so the database walks an index backwards and stops after the page instead of
-- sorting every chat of the owner (H2 read and sorted all of them for each page: O(chats) per list).
CREATE INDEX chats_by_owner_recent ON chats (owner, updated_at, created_at, id);
CREATE INDEX chats_by_recent ON chats (updated_at, created_at, id);
DROP INDEX chats_by_owner_updated ON chats;
DROP INDEX chats_by_updated ON chats;
