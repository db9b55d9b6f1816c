// What every subcommand gets: its streams and the namespace to work in.
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Network namespace for every socket the command opens (--netns). */
  netns?: string;
}
