package dev.pylayer.install;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A pip requirements file (pip's "Requirements File Format"), read the way pip reads it:
 *
 * <ul>
 *   <li>a line ending in {@code \} continues on the next (a comment line never continues);
 *   <li>{@code #} at the start of a line or after whitespace starts a comment;
 *   <li>{@code ${NAME}} (upper-case letters, digits, {@code _}) is replaced by the environment
 *       variable when it is set and non-empty, else left as written (with a warning);
 *   <li>{@code -r/--requirement FILE} includes requirements and {@code -c/--constraint FILE}
 *       constraints, relative to the including file; a cycle is an error. As in pip, {@code -r}
 *       inside a constraints file includes requirements, not constraints;
 *   <li>a requirement may carry {@code --hash=sha256:HEX} (or {@code --hash sha256:HEX}), several
 *       times;
 *   <li>{@code -i/--index-url}, {@code --extra-index-url}, {@code -f/--find-links} (a relative path
 *       that exists next to the file is resolved against it, as pip does), {@code --no-index},
 *       {@code --pre}, {@code --require-hashes} and {@code --trusted-host} are recorded; {@code
 *       --prefer-binary}, {@code --only-binary} and {@code --use-feature} are accepted and ignored
 *       (pylayer only ever installs wheels).
 * </ul>
 *
 * pylayer installs wheels by name from an index, so editable ({@code -e}), URL, path and direct
 * reference ({@code name @ url}) lines, {@code --no-binary} and build options ({@code
 * --global-option}, {@code --config-settings}) are errors naming the file and line. Requirements
 * are kept as raw PEP 508 text: the caller parses them.
 */
public final class RequirementsFile {

  private static final Pattern COMMENT = Pattern.compile("(^|\\s+)#.*$");
  private static final Pattern ENV_VAR = Pattern.compile("\\$\\{([A-Z0-9_]+)\\}");
  private static final Pattern SHA256_HEX = Pattern.compile("^[0-9a-fA-F]{64}$");
  private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Pattern DIRECT_REFERENCE =
      Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*\\s*(\\[[^\\]]*\\])?\\s*@.*");
  private static final Pattern SINGLE_EQUALS =
      Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*(\\[[^\\]]*\\])?)\\s*=\\s*([^=\\s].*)$");
  private static final Pattern ARCHIVE =
      Pattern.compile(
          ".*\\.(whl|zip|tar\\.gz|tgz|tar\\.bz2|tbz|tar\\.xz|txz|tar)$", Pattern.CASE_INSENSITIVE);

  private final List<Path> files;
  private final List<RequirementLine> lines;
  private final String indexUrl;
  private final List<String> extraIndexUrls;
  private final List<String> findLinks;
  private final boolean noIndex;
  private final boolean pre;
  private final boolean requireHashes;
  private final List<String> trustedHosts;
  private final List<String> warnings;

  private RequirementsFile(Parser parser) {
    this.files = List.copyOf(parser.files);
    this.lines = List.copyOf(parser.lines);
    this.indexUrl = parser.indexUrl;
    this.extraIndexUrls = List.copyOf(parser.extraIndexUrls);
    this.findLinks = List.copyOf(parser.findLinks);
    this.noIndex = parser.noIndex;
    this.pre = parser.pre;
    this.requireHashes = parser.requireHashes;
    this.trustedHosts = List.copyOf(parser.trustedHosts);
    this.warnings = List.copyOf(parser.warnings);
  }

  /** Reads {@code file} and its includes, expanding variables from the process environment. */
  public static RequirementsFile parse(Path file) throws IOException, RequirementsFileException {
    return parse(file, System.getenv());
  }

  /** Reads {@code file} and its includes, expanding {@code ${NAME}} from {@code environment}. */
  public static RequirementsFile parse(Path file, Map<String, String> environment)
      throws IOException, RequirementsFileException {
    Parser parser = new Parser(Objects.requireNonNull(environment, "environment"));
    parser.parseFile(Objects.requireNonNull(file, "file"), false, null, 0);
    return new RequirementsFile(parser);
  }

  /** Every file read: the given one first, then includes in the order met. */
  public List<Path> files() {
    return files;
  }

  /** Requirements and constraints in file order, includes expanded in place. */
  public List<RequirementLine> lines() {
    return lines;
  }

  /** The lines that ask for a package (not from a constraints file). */
  public List<RequirementLine> requirements() {
    return lines.stream().filter(l -> !l.constraint()).collect(Collectors.toUnmodifiableList());
  }

  /** The lines from constraints files. */
  public List<RequirementLine> constraints() {
    return lines.stream()
        .filter(RequirementLine::constraint)
        .collect(Collectors.toUnmodifiableList());
  }

  /** The last {@code --index-url}, if any. */
  public Optional<String> indexUrl() {
    return Optional.ofNullable(indexUrl);
  }

  public List<String> extraIndexUrls() {
    return extraIndexUrls;
  }

  /**
   * {@code --find-links} values; relative paths that exist next to their file are made absolute.
   */
  public List<String> findLinks() {
    return findLinks;
  }

  public boolean noIndex() {
    return noIndex;
  }

  /** {@code --pre}: pre-releases allowed. */
  public boolean pre() {
    return pre;
  }

  public boolean requireHashes() {
    return requireHashes;
  }

  public List<String> trustedHosts() {
    return trustedHosts;
  }

  /** Things that did not stop parsing: unset variables, a {@code --hash} without requirement. */
  public List<String> warnings() {
    return warnings;
  }

  /** The option names a requirements file may use. */
  private enum Option {
    INDEX_URL("-i", "--index-url", true),
    EXTRA_INDEX_URL(null, "--extra-index-url", true),
    NO_INDEX(null, "--no-index", false),
    FIND_LINKS("-f", "--find-links", true),
    REQUIREMENT("-r", "--requirement", true),
    CONSTRAINT("-c", "--constraint", true),
    EDITABLE("-e", "--editable", true),
    PRE(null, "--pre", false),
    REQUIRE_HASHES(null, "--require-hashes", false),
    TRUSTED_HOST(null, "--trusted-host", true),
    PREFER_BINARY(null, "--prefer-binary", false),
    ONLY_BINARY(null, "--only-binary", true),
    NO_BINARY(null, "--no-binary", true),
    USE_FEATURE(null, "--use-feature", true),
    HASH(null, "--hash", true),
    GLOBAL_OPTION(null, "--global-option", true),
    CONFIG_SETTINGS(null, "--config-settings", true);

    final String shortName;
    final String longName;
    final boolean takesValue;

    Option(String shortName, String longName, boolean takesValue) {
      this.shortName = shortName;
      this.longName = longName;
      this.takesValue = takesValue;
    }
  }

  /** An option and its value ({@code null} for flags). */
  private static final class OptionValue {
    final Option option;
    final String value;
    final String written;

    OptionValue(Option option, String value, String written) {
      this.option = option;
      this.value = value;
      this.written = written;
    }
  }

  /** A line after joining continuations, with the number of its first physical line. */
  private static final class LogicalLine {
    final int number;
    final String text;

    LogicalLine(int number, String text) {
      this.number = number;
      this.text = text;
    }
  }

  private static final class Parser {
    private final Map<String, String> environment;
    private final Set<Path> files = new LinkedHashSet<>();
    private final List<RequirementLine> lines = new ArrayList<>();
    private final Deque<Path> including = new ArrayDeque<>();
    private String indexUrl;
    private final List<String> extraIndexUrls = new ArrayList<>();
    private final List<String> findLinks = new ArrayList<>();
    private boolean noIndex;
    private boolean pre;
    private boolean requireHashes;
    private final List<String> trustedHosts = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    Parser(Map<String, String> environment) {
      this.environment = environment;
    }

    void parseFile(Path file, boolean constraint, Path includedFrom, int includedAt)
        throws IOException, RequirementsFileException {
      Path real;
      try {
        real = file.toRealPath();
      } catch (NoSuchFileException e) {
        if (includedFrom == null) {
          throw new RequirementsFileException(file, 0, "no such file");
        }
        throw new RequirementsFileException(
            includedFrom, includedAt, "the included file " + file + " does not exist");
      }
      if (including.contains(real)) {
        List<String> chain = new ArrayList<>();
        including.descendingIterator().forEachRemaining(p -> chain.add(p.toString()));
        chain.add(real.toString());
        throw new RequirementsFileException(
            includedFrom,
            includedAt,
            "including " + file + " makes a cycle: " + String.join(" -> ", chain));
      }
      files.add(file);
      including.push(real);
      try {
        for (LogicalLine line : logicalLines(file, read(file))) {
          handleLine(file, line, constraint);
        }
      } finally {
        including.pop();
      }
    }

    private static String read(Path file) throws IOException, RequirementsFileException {
      byte[] bytes = Files.readAllBytes(file);
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
      } catch (CharacterCodingException e) {
        throw new RequirementsFileException(file, 0, "is not UTF-8 text; save it as UTF-8");
      }
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private List<LogicalLine> logicalLines(Path file, String content) {
      String[] physical = content.split("\r\n|\n|\r", -1);
      List<LogicalLine> joinedLines = new ArrayList<>();
      StringBuilder joined = null;
      int primary = 0;
      for (int i = 0; i < physical.length; i++) {
        String line = physical[i];
        boolean comment = COMMENT.matcher(line).lookingAt();
        if (!line.endsWith("\\") || comment) {
          if (comment) {
            line = " " + line; // so the comment is still recognised after joining
          }
          if (joined != null) {
            joined.append(line);
            joinedLines.add(new LogicalLine(primary, joined.toString()));
            joined = null;
          } else {
            joinedLines.add(new LogicalLine(i + 1, line));
          }
        } else {
          if (joined == null) {
            joined = new StringBuilder();
            primary = i + 1;
          }
          joined.append(stripBackslashes(line));
        }
      }
      if (joined != null) {
        joinedLines.add(new LogicalLine(primary, joined.toString()));
      }
      List<LogicalLine> result = new ArrayList<>();
      for (LogicalLine line : joinedLines) {
        String text = COMMENT.matcher(line.text).replaceFirst("").strip();
        if (!text.isEmpty()) {
          result.add(new LogicalLine(line.number, expand(file, line.number, text)));
        }
      }
      return result;
    }

    private static String stripBackslashes(String line) {
      int start = 0;
      int end = line.length();
      while (start < end && line.charAt(start) == '\\') {
        start++;
      }
      while (end > start && line.charAt(end - 1) == '\\') {
        end--;
      }
      return line.substring(start, end);
    }

    private String expand(Path file, int lineNumber, String text) {
      Matcher matcher = ENV_VAR.matcher(text);
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        String value = environment.get(matcher.group(1));
        if (value == null || value.isEmpty()) {
          warnings.add(
              file
                  + " line "
                  + lineNumber
                  + ": ${"
                  + matcher.group(1)
                  + "} is not set; left as written");
          matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
        } else {
          matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
      }
      matcher.appendTail(out);
      return out.toString();
    }

    private void handleLine(Path file, LogicalLine line, boolean constraint)
        throws IOException, RequirementsFileException {
      // like pip: the requirement is every space-separated token before the first one starting
      // with '-'; only the options part is shell-split (markers would not survive it)
      String[] tokens = line.text.split(" ", -1);
      int firstOption = 0;
      while (firstOption < tokens.length && !tokens[firstOption].startsWith("-")) {
        firstOption++;
      }
      String requirement = String.join(" ", Arrays.copyOfRange(tokens, 0, firstOption));
      String optionText = String.join(" ", Arrays.copyOfRange(tokens, firstOption, tokens.length));
      List<OptionValue> options =
          parseOptions(file, line, ShellWords.split(file, line.number, optionText));
      if (!requirement.isEmpty()) {
        handleRequirement(file, line, requirement.strip(), options, constraint);
        return;
      }
      for (OptionValue option : options) {
        handleOption(file, line, option);
      }
    }

    private void handleRequirement(
        Path file,
        LogicalLine line,
        String requirement,
        List<OptionValue> options,
        boolean constraint)
        throws RequirementsFileException {
      checkNamedRequirement(file, line.number, requirement);
      List<String> hashes = new ArrayList<>();
      for (OptionValue option : options) {
        if (option.option == Option.HASH) {
          hashes.add(sha256(file, line.number, option.value));
        } else if (option.option == Option.GLOBAL_OPTION
            || option.option == Option.CONFIG_SETTINGS) {
          throw new RequirementsFileException(
              file,
              line.number,
              "'"
                  + option.written
                  + "' is a build option; pylayer installs prebuilt wheels only:"
                  + " remove it");
        } else {
          throw new RequirementsFileException(
              file,
              line.number,
              "'"
                  + option.written
                  + "' cannot follow a requirement; per-requirement options are"
                  + " --hash only: put it on a line of its own");
        }
      }
      lines.add(new RequirementLine(requirement, hashes, file, line.number, constraint));
    }

    private void handleOption(Path file, LogicalLine line, OptionValue option)
        throws IOException, RequirementsFileException {
      switch (option.option) {
        case INDEX_URL:
          indexUrl = option.value;
          break;
        case EXTRA_INDEX_URL:
          extraIndexUrls.add(option.value);
          break;
        case NO_INDEX:
          noIndex = true;
          break;
        case FIND_LINKS:
          findLinks.add(resolveFindLinks(file, option.value));
          break;
        case PRE:
          pre = true;
          break;
        case REQUIRE_HASHES:
          requireHashes = true;
          break;
        case TRUSTED_HOST:
          trustedHosts.add(option.value);
          break;
        case PREFER_BINARY:
        case ONLY_BINARY:
        case USE_FEATURE:
          break; // pylayer installs wheels only; nothing to change
        case NO_BINARY:
          if (!option.value.equals(":none:")) {
            throw new RequirementsFileException(
                file,
                line.number,
                "'"
                    + option.written
                    + "' asks to build from source; pylayer installs prebuilt"
                    + " wheels only: remove it");
          }
          break;
        case HASH:
          warnings.add(file + " line " + line.number + ": --hash without a requirement is ignored");
          break;
        case REQUIREMENT:
        case CONSTRAINT:
          include(file, line, option);
          break;
        case EDITABLE:
          throw new RequirementsFileException(
              file,
              line.number,
              "'"
                  + line.text
                  + "' is not supported: pylayer installs wheels by name from an"
                  + " index; build a wheel, put it in a --find-links directory and pin it");
        case GLOBAL_OPTION:
        case CONFIG_SETTINGS:
          throw new RequirementsFileException(
              file,
              line.number,
              "'"
                  + option.written
                  + "' is a build option; pylayer installs prebuilt wheels only:"
                  + " remove it");
        default:
          throw new AssertionError(option.option);
      }
    }

    private void include(Path file, LogicalLine line, OptionValue option)
        throws IOException, RequirementsFileException {
      if (URL_SCHEME.matcher(option.value).matches()) {
        throw new RequirementsFileException(
            file,
            line.number,
            "'"
                + line.text
                + "' includes a URL; pylayer reads local files only: download it and"
                + " include the copy");
      }
      Path parent = file.toAbsolutePath().getParent();
      Path included = parent == null ? Path.of(option.value) : parent.resolve(option.value);
      parseFile(included.normalize(), option.option == Option.CONSTRAINT, file, line.number);
    }

    private static String resolveFindLinks(Path file, String value) {
      if (URL_SCHEME.matcher(value).matches() || value.startsWith("file:")) {
        return value;
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Path relative = parent.resolve(value).normalize();
        if (Files.exists(relative)) {
          return relative.toString();
        }
      }
      return value;
    }

    private static String sha256(Path file, int lineNumber, String value)
        throws RequirementsFileException {
      int colon = value.indexOf(':');
      String algorithm = colon < 0 ? "" : value.substring(0, colon).toLowerCase(Locale.ROOT);
      String hex = colon < 0 ? value : value.substring(colon + 1);
      if (!algorithm.equals("sha256")) {
        throw new RequirementsFileException(
            file,
            lineNumber,
            "--hash '"
                + value
                + "' is not sha256:<hex>; pylayer checks sha256 hashes (what PyPI"
                + " publishes): use --hash=sha256:<64 hex digits>");
      }
      if (!SHA256_HEX.matcher(hex).matches()) {
        throw new RequirementsFileException(
            file, lineNumber, "--hash '" + value + "' does not have 64 hex digits after 'sha256:'");
      }
      return hex.toLowerCase(Locale.ROOT);
    }

    private static void checkNamedRequirement(Path file, int lineNumber, String requirement)
        throws RequirementsFileException {
      String why = null;
      if (URL_SCHEME.matcher(requirement).matches() || requirement.startsWith("file:")) {
        why = "is a URL";
      } else if (DIRECT_REFERENCE.matcher(requirement).matches()) {
        why = "is a direct reference (name @ url)";
      } else {
        String head = requirement.split("[\\s\\[<>=!~;@]", 2)[0];
        if (head.startsWith(".")
            || head.startsWith("/")
            || head.startsWith("~")
            || head.contains("/")
            || head.contains("\\")
            || ARCHIVE.matcher(head).matches()) {
          why = "is a path";
        }
      }
      if (why != null) {
        throw new RequirementsFileException(
            file,
            lineNumber,
            "'"
                + requirement
                + "' "
                + why
                + "; pylayer installs wheels by name from an index:"
                + " put the wheel in a --find-links directory and require it by name and version");
      }
      Matcher single = SINGLE_EQUALS.matcher(requirement);
      if (single.matches()) {
        throw new RequirementsFileException(
            file,
            lineNumber,
            "'"
                + requirement
                + "' is not a valid requirement (did you mean '"
                + single.group(1)
                + "=="
                + single.group(3).strip()
                + "'?)");
      }
    }

    private static List<OptionValue> parseOptions(Path file, LogicalLine line, List<String> words)
        throws RequirementsFileException {
      List<OptionValue> options = new ArrayList<>();
      int i = 0;
      while (i < words.size()) {
        String word = words.get(i++);
        Option option;
        String value = null;
        if (word.startsWith("--")) {
          int equals = word.indexOf('=');
          String name = equals < 0 ? word : word.substring(0, equals);
          option = longOption(file, line.number, name);
          if (equals >= 0) {
            if (!option.takesValue) {
              throw new RequirementsFileException(
                  file, line.number, "'" + option.longName + "' takes no value ('" + word + "')");
            }
            value = word.substring(equals + 1);
          }
        } else if (word.startsWith("-") && word.length() >= 2) {
          option = shortOption(file, line.number, word.substring(0, 2));
          if (word.length() > 2) {
            value = word.substring(2);
          }
        } else {
          throw new RequirementsFileException(
              file,
              line.number,
              "unexpected '"
                  + word
                  + "' among options in '"
                  + line.text
                  + "'; a requirement must"
                  + " come before its options");
        }
        String written = word;
        if (option.takesValue && value == null) {
          if (i >= words.size()) {
            throw new RequirementsFileException(file, line.number, "'" + word + "' needs a value");
          }
          value = words.get(i++);
          written = word + " " + value;
        }
        options.add(new OptionValue(option, value, written));
      }
      return options;
    }

    private static Option longOption(Path file, int lineNumber, String name)
        throws RequirementsFileException {
      List<Option> matches = new ArrayList<>();
      for (Option option : Option.values()) {
        if (option.longName.equals(name)) {
          return option;
        }
        if (option.longName.startsWith(name)) {
          matches.add(option); // optparse accepts unambiguous prefixes
        }
      }
      if (matches.size() == 1) {
        return matches.get(0);
      }
      throw new RequirementsFileException(
          file,
          lineNumber,
          matches.isEmpty()
              ? "unknown option '" + name + "'"
              : "ambiguous option '"
                  + name
                  + "' (could be "
                  + matches.stream().map(o -> o.longName).collect(Collectors.joining(", "))
                  + ")");
    }

    private static Option shortOption(Path file, int lineNumber, String name)
        throws RequirementsFileException {
      for (Option option : Option.values()) {
        if (name.equals(option.shortName)) {
          return option;
        }
      }
      throw new RequirementsFileException(file, lineNumber, "unknown option '" + name + "'");
    }
  }
}
