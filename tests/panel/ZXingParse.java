// SPDX-License-Identifier: MIT
// ZXing Java (3.4.x) as an independent judge of payloads, one JVM for many inputs:
//   java ZXingParse parse   stdin: one base64 UTF-8 payload per line; stdout: one JSON object
//                           per line with the fields ResultParser.parseResult gives a phone app
//                           (type plus the fields of Wifi/SMS/Email/Calendar/AddressBook/URI/Text).
// (Decoding images is the decoder panel's: tests/panel/ZXingPanel.java.)
// Compiled by the tests with javac against core.jar; never committed.
import com.google.zxing.BarcodeFormat;
import com.google.zxing.Result;
import com.google.zxing.client.result.AddressBookParsedResult;
import com.google.zxing.client.result.CalendarParsedResult;
import com.google.zxing.client.result.EmailAddressParsedResult;
import com.google.zxing.client.result.ParsedResult;
import com.google.zxing.client.result.ResultParser;
import com.google.zxing.client.result.SMSParsedResult;
import com.google.zxing.client.result.TextParsedResult;
import com.google.zxing.client.result.URIParsedResult;
import com.google.zxing.client.result.WifiParsedResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

public final class ZXingParse {
  private ZXingParse() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].equals("parse")) {
      System.err.println("usage: ZXingParse parse < lines");
      System.exit(2);
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, false, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) continue;
      String json;
      try {
        json = parse(new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8));
      } catch (Exception e) {
        json = "{\"error\":" + str(e.toString()) + "}";
      }
      out.println(json);
    }
    out.flush();
  }

  static String parse(String text) {
    ParsedResult r = ResultParser.parseResult(new Result(text, null, null, BarcodeFormat.QR_CODE));
    StringBuilder b = new StringBuilder("{\"type\":").append(str(r.getType().name()));
    if (r instanceof WifiParsedResult) {
      WifiParsedResult w = (WifiParsedResult) r;
      field(b, "ssid", str(w.getSsid()));
      field(b, "encryption", str(w.getNetworkEncryption()));
      field(b, "password", str(w.getPassword()));
      field(b, "hidden", Boolean.toString(w.isHidden()));
    } else if (r instanceof SMSParsedResult) {
      SMSParsedResult s = (SMSParsedResult) r;
      field(b, "numbers", arr(s.getNumbers()));
      field(b, "subject", str(s.getSubject()));
      field(b, "body", str(s.getBody()));
    } else if (r instanceof EmailAddressParsedResult) {
      EmailAddressParsedResult e = (EmailAddressParsedResult) r;
      field(b, "tos", arr(e.getTos()));
      field(b, "subject", str(e.getSubject()));
      field(b, "body", str(e.getBody()));
    } else if (r instanceof CalendarParsedResult) {
      CalendarParsedResult c = (CalendarParsedResult) r;
      field(b, "summary", str(c.getSummary()));
      field(b, "location", str(c.getLocation()));
      field(b, "start", Long.toString(c.getStartTimestamp()));
      field(b, "startAllDay", Boolean.toString(c.isStartAllDay()));
      field(b, "end", Long.toString(c.getEndTimestamp()));
      field(b, "endAllDay", Boolean.toString(c.isEndAllDay()));
    } else if (r instanceof AddressBookParsedResult) {
      AddressBookParsedResult a = (AddressBookParsedResult) r;
      field(b, "names", arr(a.getNames()));
      field(b, "org", str(a.getOrg()));
      field(b, "title", str(a.getTitle()));
      field(b, "phones", arr(a.getPhoneNumbers()));
      field(b, "phoneTypes", arr(a.getPhoneTypes()));
      field(b, "emails", arr(a.getEmails()));
      field(b, "urls", arr(a.getURLs()));
      field(b, "addresses", arr(a.getAddresses()));
      field(b, "note", str(a.getNote()));
    } else if (r instanceof URIParsedResult) {
      field(b, "uri", str(((URIParsedResult) r).getURI()));
    } else if (r instanceof TextParsedResult) {
      field(b, "text", str(((TextParsedResult) r).getText()));
    }
    return b.append('}').toString();
  }

  static void field(StringBuilder b, String name, String json) {
    b.append(',').append(str(name)).append(':').append(json);
  }

  static String arr(String[] values) {
    if (values == null) return "null";
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) b.append(i == 0 ? "" : ",").append(str(values[i]));
    return b.append(']').toString();
  }

  static String str(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
