package ai.galileo.tracing.core.internal.export;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * Whether a server certificate names the host it was reached at, as {@code HttpsURLConnection}
 * checks before it asks an application's replaced {@code HostnameVerifier} (RFC 2818 and RFC 6125):
 * an IP literal against the certificate's IP addresses; a name against its DNS names, a {@code *}
 * standing for exactly one whole leftmost label, or against its subject's common name when it lists
 * no DNS name. A wildcard inside a label is not matched here; the application's verifier decides it.
 */
final class CertificateHostCheck {
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private CertificateHostCheck() {}

  static boolean matches(String host, X509Certificate cert) {
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (Http1Connection.ipLiteral(host)) {
        InetAddress wanted = literal(host);
        if (wanted == null || names == null) {
          return false;
        }
        for (List<?> san : names) {
          if (type(san) == SAN_IP && wanted.equals(literal(String.valueOf(san.get(1))))) {
            return true;
          }
        }
        return false;
      }
      String name = normalized(host);
      boolean listsDns = false;
      if (names != null) {
        for (List<?> san : names) {
          if (type(san) == SAN_DNS) {
            listsDns = true;
            if (dnsMatches(name, normalized(String.valueOf(san.get(1))))) {
              return true;
            }
          }
        }
      }
      if (listsDns) {
        return false;
      }
      String cn = commonName(cert.getSubjectX500Principal());
      return cn != null && dnsMatches(name, normalized(cn));
    } catch (CertificateParsingException | RuntimeException e) {
      return false;
    }
  }

  static boolean dnsMatches(String host, String pattern) {
    if (pattern.isEmpty() || host.isEmpty()) {
      return false;
    }
    if (pattern.indexOf('*') < 0) {
      return host.equals(pattern);
    }
    // "*.example.com": one whole label, never a top-level or single-label domain ("*.com").
    if (!pattern.startsWith("*.") || pattern.indexOf('*', 1) >= 0 || pattern.indexOf('.', 2) < 0) {
      return false;
    }
    String suffix = pattern.substring(1);
    int firstDot = host.indexOf('.');
    return firstDot > 0 && host.length() - firstDot == suffix.length() && host.endsWith(suffix);
  }

  private static int type(List<?> san) {
    return san.size() >= 2 && san.get(0) instanceof Integer i ? i : -1;
  }

  /** The literal's address, parsed without a name look-up; null if it is none. */
  private static InetAddress literal(String text) {
    String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean v6 = s.indexOf(':') >= 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f')
          || (c >= 'A' && c <= 'F')));
      if (!ok) {
        return null; // never resolve a name here
      }
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String normalized(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** The most specific CN of an RFC 2253 name, escapes undone; null if it has none. */
  static String commonName(X500Principal subject) {
    String dn = subject.getName(X500Principal.RFC2253);
    String found = null;
    int i = 0;
    while (i < dn.length()) {
      StringBuilder attribute = new StringBuilder();
      while (i < dn.length() && dn.charAt(i) != '=') {
        attribute.append(dn.charAt(i++));
      }
      i++; // '='
      StringBuilder value = new StringBuilder();
      while (i < dn.length() && dn.charAt(i) != ',' && dn.charAt(i) != '+') {
        char c = dn.charAt(i++);
        if (c == '\\' && i < dn.length()) {
          c = dn.charAt(i++);
        }
        value.append(c);
      }
      i++; // ',' or '+'
      if (found == null && attribute.toString().trim().equalsIgnoreCase("CN")) {
        found = value.toString(); // RFC 2253 lists the most specific first
      }
    }
    return found;
  }
}
