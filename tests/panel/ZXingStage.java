// SPDX-License-Identifier: MIT
// Where ZXing Java 3.4's QR reading gave up on an image, for the panel's report of its misses
// (scripts/panel.mjs): the finder search, the symbol's size, or the decoding of the sampled
// modules. It lives in ZXing's detector package because the finder search (find) and the
// module size (calculateModuleSize) are not public; the steps are those of Detector.detect.
package com.google.zxing.qrcode.detector;

import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ResultPoint;
import com.google.zxing.common.BitMatrix;
import java.util.Map;

public final class ZXingStage {
  private ZXingStage() {}

  /** "finder" (fewer than three finders), "lookalike" (three, but not at the corners of a
   *  square: one is a look-alike in the data), "size:0" (no QR size fits the measured module
   *  size), "size:N" (the detector samples N modules a side; wrong when N is not the symbol's
   *  size, and when it is, the decoding failed). */
  public static String explain(BitMatrix image, Map<DecodeHintType, ?> hints) {
    FinderPatternInfo info;
    try {
      info = new FinderPatternFinder(image, null).find(hints);
    } catch (NotFoundException e) {
      return "finder";
    }
    ResultPoint tl = info.getTopLeft(), tr = info.getTopRight(), bl = info.getBottomLeft();
    // The real finders are at three corners of a square (in these tests' images: upright,
    // rotated or scaled, never skewed): the sides from the top-left one equal, the angle
    // between them right. A look-alike taken for one breaks both.
    double ax = tr.getX() - tl.getX(), ay = tr.getY() - tl.getY(), bx = bl.getX() - tl.getX(), by = bl.getY() - tl.getY();
    double a = Math.hypot(ax, ay), b = Math.hypot(bx, by);
    double angle = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, (ax * bx + ay * by) / (a * b)))));
    if (Math.abs(angle - 90) > 10 || Math.max(a, b) > 1.15 * Math.min(a, b)) return "lookalike";
    float moduleSize = new Detector(image).calculateModuleSize(tl, tr, bl);
    if (moduleSize < 1.0f) return "size:0";
    // Detector.computeDimension: finder centres 7 modules in from two sides, and only sizes
    // 4k + 1 are QR sizes (one off either way is rounded to one; two off is not).
    int across = (Math.round(ResultPoint.distance(tl, tr) / moduleSize) + Math.round(ResultPoint.distance(tl, bl) / moduleSize)) / 2 + 7;
    switch (across & 3) {
      case 0: across++; break;
      case 2: across--; break;
      case 3: return "size:0";
      default: break;
    }
    return "size:" + across;
  }
}
