-- Issue 14: a chat's own model and system prompt, and search over titles and message text.
-- The same file runs on MariaDB and on H2 (MariaDB mode): the parts inside /*! ... */ are
-- executed by MariaDB only (H2 reads them as comments).

-- NULL = the server's default (agent.model / agent.system-prompt).
ALTER TABLE chats ADD COLUMN model VARCHAR(200) NULL;
ALTER TABLE chats ADD COLUMN system_prompt LONGTEXT NULL;

-- Lower-cased copies, written with every change, compared byte for byte (utf8mb4_bin) so that a
-- search is case-insensitive and otherwise literal: no accent folding by the unicode_ci collation.
-- NULL means "not indexed yet" (rows from before this migration; the server fills them at start).
ALTER TABLE chats ADD COLUMN search_title VARCHAR(400) /*! CHARACTER SET utf8mb4 COLLATE utf8mb4_bin */ NULL;
-- The message's text parts (user and assistant text, no tool parts), lower-cased; '' when it has none.
ALTER TABLE messages ADD COLUMN search_text LONGTEXT /*! CHARACTER SET utf8mb4 COLLATE utf8mb4_bin */ NULL;
-- Every word of search_text cut into its suffixes (search/SearchTerms), so that MariaDB's FULLTEXT
-- index, which only finds words by their beginning, can narrow a search for text inside a word.
ALTER TABLE messages ADD COLUMN search_terms LONGTEXT NULL /*!, ADD FULLTEXT INDEX messages_search_terms (search_terms) */;
