package agentchat.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

/** Real image files for tests, made with ImageIO. */
public final class TestImages {

    private TestImages() {
    }

    /** A small PNG; different {@code rgb} values give different bytes. */
    public static byte[] png(int rgb) {
        return encode("png", BufferedImage.TYPE_INT_ARGB, rgb);
    }

    public static byte[] jpeg(int rgb) {
        return encode("jpeg", BufferedImage.TYPE_INT_RGB, rgb);
    }

    /** A BMP: a real image of a type the server does not take. */
    public static byte[] bmp(int rgb) {
        return encode("bmp", BufferedImage.TYPE_INT_RGB, rgb);
    }

    /** A PNG padded to exactly {@code size} bytes (its signature is what the server checks). */
    public static byte[] pngOfSize(int size) {
        return Arrays.copyOf(png(0xFF0000), size);
    }

    private static byte[] encode(String format, int type, int rgb) {
        BufferedImage image = new BufferedImage(3, 2, type);
        image.setRGB(0, 0, 0xFF000000 | rgb);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
