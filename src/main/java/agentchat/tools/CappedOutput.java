package agentchat.tools;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Collects a command's output up to a number of characters, keeping the head and the tail: the start
 * shows what ran, the end shows how it finished. Characters in between are counted, not kept.
 * Safe to fill from a reader thread while another thread takes a snapshot.
 */
final class CappedOutput {

    private final ReentrantLock lock = new ReentrantLock();
    private final int headCapacity;
    private final StringBuilder head = new StringBuilder();
    private final char[] tail;
    private int tailStart;
    private int tailLength;
    private long omitted;

    CappedOutput(int maxChars) {
        this.headCapacity = maxChars / 2;
        this.tail = new char[maxChars - headCapacity];
    }

    void append(char[] chars, int offset, int length) {
        lock.lock();
        try {
            for (int i = offset; i < offset + length; i++) {
                append(chars[i]);
            }
        } finally {
            lock.unlock();
        }
    }

    private void append(char c) {
        if (head.length() < headCapacity) {
            head.append(c);
        } else if (tail.length == 0) {
            omitted++;
        } else if (tailLength < tail.length) {
            tail[(tailStart + tailLength++) % tail.length] = c;
        } else {
            tail[tailStart] = c;
            tailStart = (tailStart + 1) % tail.length;
            omitted++;
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            StringBuilder out = new StringBuilder(head);
            if (omitted > 0) {
                out.append("\n\n[... ").append(omitted).append(" characters of output omitted ...]\n\n");
            }
            for (int i = 0; i < tailLength; i++) {
                out.append(tail[(tailStart + i) % tail.length]);
            }
            return out.toString();
        } finally {
            lock.unlock();
        }
    }
}
