package agentchat.messages;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import agentchat.attachments.AttachmentRepository;
import agentchat.chats.ChatRepository;
import agentchat.db.Database;
import agentchat.db.Page;
import agentchat.db.Rows;
import agentchat.http.Paging;
import agentchat.json.Json;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/** Messages in the database (H2 or MariaDB per run): order, paging, streaming rows, deletes and crash recovery. */
class MessageRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");

    private Database db;
    private MessageRepository messages;
    private ChatRepository chats;

    @BeforeEach
    void open() {
        db = TestApp.openDatabase(TestDatabase.fresh());
        messages = new MessageRepository(db, new AttachmentRepository(db));
        chats = new ChatRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String chat() {
        return chats.insert("alice", "New Chat", NOW).id();
    }

    private Message user(String chatId, String id, String text) {
        return messages.insertUserMessage(id, chatId, List.of(new MessageContent.Text(text)), NOW);
    }

    private static String text(Message message) {
        return ((MessageContent.Text) message.content().getFirst()).text();
    }

    private long chunkCount(String messageId) {
        return db.execute().createGet("SELECT COUNT(*) AS n FROM message_chunks WHERE message_id = :id")
                .addParam("id", messageId).execute().map(row -> Rows.number(row, "n")).orElseThrow();
    }

    private static MessageContent.ToolUse toolUse() {
        return new MessageContent.ToolUse("toolu_1", "Read", Json.object().add("path", "a.txt").build());
    }

    @Test
    void messagesOfTheSameMillisecondKeepTheirInsertionOrder() {
        String chatId = chat();
        user(chatId, "ffffffff-0000-4000-8000-000000000001", "first");
        user(chatId, "00000000-0000-4000-8000-000000000002", "second");
        user(chatId, "88888888-0000-4000-8000-000000000003", "third");
        List<String> texts = messages.list(chatId, new Paging(50, 0), false).items().stream()
                .map(MessageRepositoryTest::text).toList();
        assertThat(texts, contains("first", "second", "third"));
    }

    @Test
    void pagesAreSlicesOfTheSameOrderAndCarryTheTotal() {
        String chatId = chat();
        for (int i = 0; i < 5; i++) {
            user(chatId, UUID.randomUUID().toString(), "m" + i);
        }
        Page<Message> page = messages.list(chatId, new Paging(2, 2), false);
        assertThat(page.items().stream().map(MessageRepositoryTest::text).toList(), contains("m2", "m3"));
        assertThat(page.total(), is(5L));
        assertThat(messages.list(chatId, new Paging(2, 4), false).items().stream().map(MessageRepositoryTest::text)
                .toList(), contains("m4"));
        assertThat(messages.list(chatId, new Paging(2, 10), false).items(), is(empty()));
    }

    @Test
    void messagesOfOtherChatsAreNotListed() {
        String mine = chat();
        String other = chat();
        user(mine, UUID.randomUUID().toString(), "mine");
        user(other, UUID.randomUUID().toString(), "other");
        Page<Message> page = messages.list(mine, new Paging(50, 0), false);
        assertThat(page.items().stream().map(MessageRepositoryTest::text).toList(), contains("mine"));
        assertThat(page.total(), is(1L));
    }

    @Test
    void aStreamingMessageIsInvisibleToListTotalAndHistory() {
        String chatId = chat();
        user(chatId, UUID.randomUUID().toString(), "question");
        String streaming = UUID.randomUUID().toString();
        messages.insertStreaming(streaming, chatId, NOW);
        messages.appendChunk(streaming, 0, StreamedContent.Chunk.text("partial"));
        assertThat(messages.list(chatId, new Paging(50, 0), false).items().size(), is(1));
        assertThat(messages.list(chatId, new Paging(50, 0), false).total(), is(1L));
        assertThat(messages.history(chatId).size(), is(1));
    }

    @Test
    void completingAMessageStoresItsContentAndDropsItsChunks() {
        String chatId = chat();
        String id = UUID.randomUUID().toString();
        messages.insertStreaming(id, chatId, NOW);
        messages.appendChunk(id, 0, StreamedContent.Chunk.text("Hel"));
        messages.appendChunk(id, 1, StreamedContent.Chunk.text("lo"));
        messages.complete(id, List.of(new MessageContent.Text("Hello")),
                MessageMetadata.EMPTY.withStopReason("end_turn"), NOW);
        Message done = messages.findById(id).orElseThrow();
        assertThat(text(done), is("Hello"));
        assertThat(done.metadata().stopReason(), is("end_turn"));
        assertThat(chunkCount(id), is(0L));
        assertThat(messages.list(chatId, new Paging(50, 0), false).total(), is(1L));
    }

    @Test
    void deletingAChatRemovesItsMessagesAndChunksOnly() {
        String doomed = chat();
        String kept = chat();
        String doomedUser = user(doomed, UUID.randomUUID().toString(), "bye").id();
        String doomedStreaming = UUID.randomUUID().toString();
        messages.insertStreaming(doomedStreaming, doomed, NOW);
        messages.appendChunk(doomedStreaming, 0, StreamedContent.Chunk.text("x"));
        String keptUser = user(kept, UUID.randomUUID().toString(), "stay").id();
        String keptStreaming = UUID.randomUUID().toString();
        messages.insertStreaming(keptStreaming, kept, NOW);
        messages.appendChunk(keptStreaming, 0, StreamedContent.Chunk.text("y"));
        messages.appendChunk(keptStreaming, 1, StreamedContent.Chunk.text("z"));

        assertThat(chats.delete(doomed), is(true));

        assertThat(messages.findById(doomedUser).isPresent(), is(false));
        assertThat(messages.findById(doomedStreaming).isPresent(), is(false));
        assertThat(chunkCount(doomedStreaming), is(0L));
        assertThat(messages.findById(keptUser).isPresent(), is(true));
        assertThat(messages.findById(keptStreaming).isPresent(), is(true));
        assertThat(chunkCount(keptStreaming), is(2L));
    }

    @Test
    void recoveryAssemblesTextAndPartChunksInOrderAndMarksInterrupted() {
        String chatId = chat();
        user(chatId, UUID.randomUUID().toString(), "read a.txt");
        String id = UUID.randomUUID().toString();
        messages.insertStreaming(id, chatId, NOW);
        MessageContent.ToolResult result = new MessageContent.ToolResult("toolu_1", "contents", false);
        // written out of order on purpose: chunk numbers decide
        messages.appendChunk(id, 3, StreamedContent.Chunk.part(result));
        messages.appendChunk(id, 0, StreamedContent.Chunk.text("Let me "));
        messages.appendChunk(id, 1, StreamedContent.Chunk.text("look."));
        messages.appendChunk(id, 2, StreamedContent.Chunk.part(toolUse()));
        messages.appendChunk(id, 4, StreamedContent.Chunk.text("It says"));

        assertThat(messages.recoverInterrupted(NOW.plusSeconds(60)), is(1));

        Message recovered = messages.findById(id).orElseThrow();
        assertThat(recovered.content(), contains(new MessageContent.Text("Let me look."), toolUse(), result,
                new MessageContent.Text("It says")));
        assertThat(recovered.metadata().stopReason(), is("interrupted"));
        assertThat(chunkCount(id), is(0L));
        assertThat(messages.list(chatId, new Paging(50, 0), false).total(), is(2L));
        assertThat(messages.history(chatId).getLast().id(), is(id));
    }

    @Test
    void recoveryOfAMessageWithoutChunksKeepsItEmpty() {
        String chatId = chat();
        String id = UUID.randomUUID().toString();
        messages.insertStreaming(id, chatId, NOW);
        assertThat(messages.recoverInterrupted(NOW), is(1));
        Message recovered = messages.findById(id).orElseThrow();
        assertThat(recovered.content(), is(empty()));
        assertThat(recovered.metadata().stopReason(), is("interrupted"));
    }

    @Test
    void recoveryIsIdempotent() {
        String chatId = chat();
        String id = UUID.randomUUID().toString();
        messages.insertStreaming(id, chatId, NOW);
        messages.appendChunk(id, 0, StreamedContent.Chunk.text("half"));
        messages.recoverInterrupted(NOW);
        Message once = messages.findById(id).orElseThrow();
        assertThat(messages.recoverInterrupted(NOW.plusSeconds(5)), is(0));
        assertThat(messages.findById(id).orElseThrow(), is(once));
    }

    @Test
    void recoveryLeavesFinishedMessagesAlone() {
        String chatId = chat();
        Message question = user(chatId, UUID.randomUUID().toString(), "done already");
        assertThat(messages.recoverInterrupted(NOW), is(0));
        assertThat(messages.findById(question.id()).orElseThrow(), is(question));
    }
}
