// SPDX-License-Identifier: MIT
// ZXing Java 3.4 (Debian libzxing-java) as the decoder panel sees it: one JVM, many files.
//
//   java -cp core.jar:javase.jar:DIR ZXingPanel decode FILE...
//     one JSON line per file: {"file","ok","text","bytes"(hex)} or {"file","ok":false,"error",
//     "stage"}, where "stage" says where the reading gave up (ZXingStage.java).
//     (3.4's Result does not say whether an ECI was present; the text shows which charset won.)
//     Reads as a phone's scan loop does: HybridBinarizer, QR_CODE only, no TRY_HARDER, no
//     PURE_BARCODE hint.
//   java … ZXingPanel encode OUTDIR < lines
//     ZXing's own encoder and writer for each input line "SIZE ECC JSON-STRING" (SIZE 0: one
//     pixel per module): writes OUTDIR/N.png, the reference the encoding sweep compares against.
import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.detector.ZXingStage;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

public final class ZXingPanel {
  public static void main(String[] args) throws Exception {
    // UTF-8 whatever the locale (Java 17 writes stdout in the locale's charset).
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    if (args.length > 0 && args[0].equals("decode")) {
      for (int i = 1; i < args.length; i++) out.println(decode(args[i]));
    } else if (args.length == 2 && args[0].equals("encode")) {
      encode(args[1]);
    } else {
      System.err.println("usage: ZXingPanel decode FILE... | encode OUTDIR < lines of SIZE L|M|Q|H JSON-STRING");
      System.exit(2);
    }
    out.flush();
  }

  static String decode(String file) {
    try {
      BufferedImage image = ImageIO.read(new File(file));
      if (image == null) return "{\"file\":" + json(file) + ",\"ok\":false,\"error\":\"unreadable image\"}";
      Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
      hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
      BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
      Result r;
      try {
        r = new QRCodeReader().decode(bitmap, hints);
      } catch (Exception e) {
        return "{\"file\":" + json(file) + ",\"ok\":false,\"error\":" + json(e.getClass().getSimpleName()) +
            ",\"stage\":" + json(ZXingStage.explain(bitmap.getBlackMatrix(), hints)) + "}";
      }
      StringBuilder hex = new StringBuilder();
      Object segs = r.getResultMetadata() == null ? null : r.getResultMetadata().get(ResultMetadataType.BYTE_SEGMENTS);
      if (segs instanceof List) {
        for (Object s : (List<?>) segs) for (byte b : (byte[]) s) hex.append(String.format("%02x", b & 0xff));
      }
      return "{\"file\":" + json(file) + ",\"ok\":true,\"text\":" + json(r.getText()) + ",\"bytes\":\"" + hex + "\"}";
    } catch (Exception e) {
      return "{\"file\":" + json(file) + ",\"ok\":false,\"error\":" + json(e.getClass().getSimpleName()) + "}";
    }
  }

  static void encode(String outDir) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    QRCodeWriter writer = new QRCodeWriter();
    int n = 0;
    for (String line; (line = in.readLine()) != null; n++) {
      String[] f = line.split(" ", 3);
      int size = Integer.parseInt(f[0]);
      Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
      hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.valueOf(f[1]));
      hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
      hints.put(EncodeHintType.MARGIN, 4);
      BitMatrix m = writer.encode(unjson(f[2]), BarcodeFormat.QR_CODE, size, size, hints);
      MatrixToImageWriter.writeToPath(m, "png", new File(outDir, n + ".png").toPath());
    }
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  // The inverse of JSON.stringify for a string (the escapes it writes).
  static String unjson(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c != '\\') { b.append(c); continue; }
      char e = s.charAt(++i);
      switch (e) {
        case 'n': b.append('\n'); break;
        case 'r': b.append('\r'); break;
        case 't': b.append('\t'); break;
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'u': b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
        default: b.append(e);
      }
    }
    return b.toString();
  }
}
