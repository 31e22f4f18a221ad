package ai.galileo.tracing.buildchecks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the places where a file of the project refers to a path outside the repository: a clone
 * must build and test with nothing beside it, and a path that works on one machine only is a bug
 * that the machine it works on never shows.
 *
 * <p>Every text file under the root is read, except build output ({@code target}), version
 * control ({@code .git}, a folder or a worktree's file), {@code node_modules} and what the root's {@code .gitignore} names (an
 * IDE's files may hold a developer's own paths). A line is a problem when it
 * <ul>
 *   <li>names {@code shared/} beside the repository (two dots, a slash, {@code shared});
 *   <li>holds a relative path whose parent steps lead above the root: resolved from the file's
 *       folder, as a pom's {@code ${project.basedir}}, a script's {@code $(dirname "$0")} and a
 *       markdown link are, and for Java sources from their module's folder, where tests run;
 *   <li>holds an absolute path into the workplace's {@code /work} or a home folder
 *       ({@code /home/NAME}, {@code /Users/NAME}, {@code /root}, or this user's own home).
 * </ul>
 * A path that starts with a slash is taken as absolute (or a URL path) and not resolved, unless a
 * variable stands right before it, as in {@code ${project.basedir}/..} or {@code $root/..}: the
 * variable is taken to be the file's folder. Three or more dots are an ellipsis, not a step up.
 */
final class OutsidePathCheck {
  private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", "node_modules");
  private static final long MAX_BYTES = 8L << 20;

  /** Two dots, a slash, "shared": the folder beside the repository that a clone does not have. */
  private static final Pattern SHARED = Pattern.compile("\\.\\./+shared(?![\\w.-])");
  /** Characters a path token is made of; quotes, spaces, brackets and the like end it. */
  private static final Pattern TOKEN = Pattern.compile("[\\w.\\-/]+");

  private final Path root;
  private final List<Pattern> absolute = new ArrayList<>();
  private final List<PathMatcher> ignoredNames = new ArrayList<>();
  private final List<PathMatcher> ignoredPaths = new ArrayList<>();

  private OutsidePathCheck(Path root) throws IOException {
    this.root = root;
    String start = "(?:(?<=file://)|(?<![\\w.:/~$-]))";
    absolute.add(Pattern.compile(start + "/work/[\\w.-]"));
    absolute.add(Pattern.compile(start + "/(?:home|Users)/[\\w.-]+/"));
    absolute.add(Pattern.compile(start + "/root/[\\w.-]"));
    String home = System.getProperty("user.home", "");
    if (home.startsWith("/") && home.length() > 1 && !home.equals("/root")) {
      absolute.add(Pattern.compile(start + Pattern.quote(home) + "(?![\\w.-])"));
    }
    readGitignore(root.resolve(".gitignore"));
  }

  /** Every problem under {@code root}, as {@code path:line: what: the line}; empty when none. */
  static List<String> check(Path root) throws IOException {
    Path real = root.toRealPath();
    return new OutsidePathCheck(real).walk();
  }

  private List<String> walk() throws IOException {
    List<String> problems = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(root) && (SKIPPED_DIRS.contains(dir.getFileName().toString()) || ignored(dir))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        // .git is a file in a worktree or a submodule: it names the real one, outside.
        if (attrs.isRegularFile() && attrs.size() <= MAX_BYTES
            && !SKIPPED_DIRS.contains(file.getFileName().toString()) && !ignored(file)) {
          checkFile(file, problems);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return problems;
  }

  private void checkFile(Path file, List<String> problems) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
      if (bytes[i] == 0) {
        return; // binary
      }
    }
    Path base = file.toString().endsWith(".java") ? moduleOf(file) : file.getParent();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String problem = problemIn(lines[n], base);
      if (problem != null) {
        String line = lines[n].trim();
        problems.add(root.relativize(file) + ":" + (n + 1) + ": " + problem + ": "
            + (line.length() > 160 ? line.substring(0, 160) + "..." : line));
      }
    }
  }

  private String problemIn(String line, Path base) {
    if (SHARED.matcher(line).find()) {
      return "refers to shared/ beside the repository";
    }
    for (Pattern p : absolute) {
      if (p.matcher(line).find()) {
        return "an absolute path into /work or a home folder";
      }
    }
    Matcher m = TOKEN.matcher(line);
    while (m.find()) {
      String token = m.group();
      if (!climbs(token)) {
        continue;
      }
      char before = m.start() > 0 ? line.charAt(m.start() - 1) : ' ';
      if (before == '$' && token.indexOf('/') > 0) {
        token = token.substring(token.indexOf('/')); // $root/..: a variable, taken as the base
        before = '}';
      }
      if (token.startsWith("/")) {
        if (before != '}' && before != ')') {
          continue; // an absolute path or a URL path, not resolved against a folder
        }
        token = token.substring(1); // ${project.basedir}/.., $(dirname "$0")/..: the base itself
      }
      if (!base.resolve(token).normalize().startsWith(root)) {
        return "a relative path that leads outside the repository (" + token + " from "
            + (base.equals(root) ? "the root" : root.relativize(base).toString()) + ")";
      }
    }
    return null;
  }

  private static boolean climbs(String token) {
    for (String segment : token.split("/")) {
      if (segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** The folder of the nearest pom.xml above a source: Maven runs its tests there. */
  private Path moduleOf(Path file) {
    for (Path dir = file.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    return file.getParent();
  }

  private boolean ignored(Path path) {
    Path name = path.getFileName();
    Path relative = root.relativize(path);
    for (PathMatcher m : ignoredNames) {
      if (m.matches(name)) {
        return true;
      }
    }
    for (PathMatcher m : ignoredPaths) {
      if (m.matches(relative)) {
        return true;
      }
    }
    return false;
  }

  /** Plain names and globs of a .gitignore; negations are not supported and kept (so checked). */
  private void readGitignore(Path gitignore) throws IOException {
    if (!Files.isRegularFile(gitignore)) {
      return;
    }
    for (String raw : Files.readAllLines(gitignore, StandardCharsets.UTF_8)) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      while (line.endsWith("/")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      if (line.isEmpty()) {
        continue;
      }
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + line);
      (line.contains("/") ? ignoredPaths : ignoredNames).add(matcher);
    }
  }
}
