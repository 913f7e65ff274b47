/*
 * The jbake client in C: what io.jbake.server.Client does, without starting a JVM (about 0.1 s of a command's
 * time). The launcher compiles it when a C compiler is there and runs it as
 *
 *   jbake-client SERVER_FILE JAVA_COMMAND... -- ARGS...
 *
 * SERVER_FILE (written by the Java client next to the jar) names the socket of the jar's running jbake
 * server, the jar's size and modification time, and the XDG_RUNTIME_DIR the socket was found under. When it
 * does not match the jar or this command's XDG_RUNTIME_DIR, or no server answers or
 * takes the command (one that was stopping as this connected), this program becomes JAVA_COMMAND ARGS (the
 * Java client, which runs the command in-process) and starts the server once that JVM has exited (see
 * run_starter); otherwise it speaks the
 * protocol of io.jbake.server.ServerProtocol: RUN, then INTERRUPT on SIGINT/SIGTERM/SIGHUP, RESIZE on SIGWINCH,
 * stdin once asked for; it writes OUT/ERR frames to stdout/stderr and exits with EXIT's code.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum {
  RUN = 'r', STDIN_DATA = 'i', STDIN_END = 'e', INTERRUPT = 'c', RESIZE = 'w',
  OUT = '1', ERR = '2', READ_STDIN = 's', STARTED = 'a', EXIT = 'x'
};

/* A Ctrl-C the server does not answer in this time ends the client, as the Java client does. */
#define INTERRUPT_GRACE_SECONDS 15
#define INTERRUPTED_EXIT 130

static volatile sig_atomic_t interrupts, resizes;
static int wake_pipe[2];

static void on_signal(int signal) {
  int saved = errno;
  if (signal == SIGWINCH) {
    resizes++;
  } else {
    interrupts++;
  }
  if (write(wake_pipe[1], "", 1) < 0) {
    /* the pipe is full: the loop is awake already */
  }
  errno = saved;
}

/* A growable byte buffer. */
struct bytes {
  char *data;
  size_t length, capacity;
};

static void append(struct bytes *b, const void *data, size_t length) {
  if (b->length + length > b->capacity) {
    b->capacity = (b->length + length) * 2 + 64;
    b->data = realloc(b->data, b->capacity);
    if (b->data == NULL) {
      abort();
    }
  }
  memcpy(b->data + b->length, data, length);
  b->length += length;
}

static void append_int(struct bytes *b, uint32_t value) {
  unsigned char be[4] = {value >> 24, value >> 16, value >> 8, value};
  append(b, be, 4);
}

static void append_string(struct bytes *b, const char *s, size_t length) {
  append_int(b, (uint32_t) length);
  append(b, s, length);
}

static int write_all(int fd, const char *data, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, data, length);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    data += n;
    length -= (size_t) n;
  }
  return 0;
}

static int send_frame(int socket, char kind, const char *payload, size_t length) {
  struct bytes frame = {0};
  append(&frame, &kind, 1);
  append_int(&frame, (uint32_t) length);
  append(&frame, payload, length);
  int result = write_all(socket, frame.data, frame.length);
  free(frame.data);
  return result;
}

/* The socket SERVER_FILE names, if the file still describes the jar next to it; else NULL. */
static char *server_socket(const char *server_file) {
  FILE *file = fopen(server_file, "r");
  if (file == NULL) {
    return NULL;
  }
  char socket_path[4096], runtime_dir[4096];
  long long size, mtime_millis;
  int fields = fscanf(file, "%4095[^\n]\n%lld\n%lld", socket_path, &size, &mtime_millis);
  /* the runtime directory the address was found under, on a line of its own that may be empty */
  int has_runtime_line =
      fields == 3 && fgetc(file) == '\n' && fgets(runtime_dir, sizeof(runtime_dir), file) != NULL;
  fclose(file);
  if (!has_runtime_line) {
    return NULL;
  }
  runtime_dir[strcspn(runtime_dir, "\n")] = '\0';
  const char *own_runtime_dir = getenv("XDG_RUNTIME_DIR");
  if (strcmp(runtime_dir, own_runtime_dir != NULL ? own_runtime_dir : "") != 0) {
    return NULL; /* another runtime directory: its server is not this command's */
  }
  size_t name_length = strlen(server_file);
  const char *suffix = ".server";
  if (name_length <= strlen(suffix)) {
    return NULL;
  }
  char *jar = strndup(server_file, name_length - strlen(suffix));
  struct stat jar_stat;
  int stated = stat(jar, &jar_stat);
  free(jar);
  long long jar_millis = (long long) jar_stat.st_mtim.tv_sec * 1000 + jar_stat.st_mtim.tv_nsec / 1000000;
  if (stated != 0 || jar_stat.st_size != size || jar_millis != mtime_millis) {
    return NULL; /* the jar was rebuilt: its server is another one */
  }
  return strdup(socket_path);
}

static int connect_to(const char *path) {
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof(address.sun_path)) {
    return -1;
  }
  strcpy(address.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  if (connect(fd, (struct sockaddr *) &address, sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* The device of stderr when it is a terminal, as io.jbake.buildkit.progress.TerminalDevice finds it. */
static void stderr_terminal(char *device, size_t size) {
  ssize_t n = readlink("/proc/self/fd/2", device, size - 1);
  device[n > 0 ? n : 0] = '\0';
  if (strncmp(device, "/dev/pts/", 9) != 0 && strncmp(device, "/dev/tty", 8) != 0
      && strcmp(device, "/dev/console") != 0) {
    device[0] = '\0';
  }
}

static struct bytes run_payload(int argc, char **argv, const char *terminal) {
  struct bytes run = {0};
  char *cwd = getcwd(NULL, 0);
  append_string(&run, cwd != NULL ? cwd : "/", strlen(cwd != NULL ? cwd : "/"));
  free(cwd);
  append_string(&run, terminal, strlen(terminal));
  append_int(&run, (uint32_t) argc);
  for (int i = 0; i < argc; i++) {
    append_string(&run, argv[i], strlen(argv[i]));
  }
  uint32_t count = 0;
  for (char **e = environ; *e != NULL; e++) {
    if (strchr(*e, '=') != NULL) {
      count++;
    }
  }
  append_int(&run, count);
  for (char **e = environ; *e != NULL; e++) {
    char *equals = strchr(*e, '=');
    if (equals != NULL) {
      append_string(&run, *e, (size_t) (equals - *e));
      append_string(&run, equals + 1, strlen(equals + 1));
    }
  }
  return run;
}

/*
 * The server starter: a process of its own session that holds nothing of the command (no terminal, no
 * directory, no descriptor but its pipe). It reads what the Java client writes on the pipe (ServerLaunch.encode
 * in io.jbake.server: NUL-ended fields MAGIC, log, count, command..., count, NAME=value..., END) to the pipe's
 * end, which comes when the command's JVM has exited, and then becomes the server described there. So a
 * command that ran in-process for want of a server neither waits for the server's start nor shares the cores
 * with it. A JVM that wrote nothing (a server was up meanwhile) or was killed while writing starts nothing.
 */
#define LAUNCH_MAGIC "jbake-server-launch-1"
#define LAUNCH_END "end"
#define LAUNCH_LIMIT (1 << 20)

static void run_starter(int pipe_end) {
  if (dup2(pipe_end, 3) < 0) {
    _exit(1);
  }
  if (syscall(SYS_close_range, 4U, ~0U, 0U) != 0) {
    for (int fd = 4; fd < 65536; fd++) {
      close(fd);
    }
  }
  for (int s = 1; s < NSIG; s++) {
    signal(s, SIG_DFL);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  setsid();
  if (chdir("/") != 0) {
    _exit(1);
  }
  int null = open("/dev/null", O_RDWR);
  if (null < 0) {
    _exit(1);
  }
  dup2(null, STDIN_FILENO);
  dup2(null, STDOUT_FILENO);
  dup2(null, STDERR_FILENO);
  if (null > STDERR_FILENO && null != 3) {
    close(null);
  }

  struct bytes launch = {0};
  char buffer[65536];
  for (;;) {
    ssize_t n = read(3, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    if (launch.length + (size_t) n > LAUNCH_LIMIT) {
      _exit(1);
    }
    append(&launch, buffer, (size_t) n);
  }
  close(3);
  if (launch.length == 0 || launch.data[launch.length - 1] != '\0') {
    _exit(0);
  }
  /* the fields, each a string in place */
  size_t count = 0;
  for (size_t i = 0; i < launch.length; i++) {
    count += launch.data[i] == '\0';
  }
  char **fields = calloc(count + 1, sizeof(char *));
  size_t f = 0;
  for (size_t at = 0; at < launch.length; at += strlen(launch.data + at) + 1) {
    fields[f++] = launch.data + at;
  }
  if (count < 6 || strcmp(fields[0], LAUNCH_MAGIC) != 0 || strcmp(fields[count - 1], LAUNCH_END) != 0) {
    _exit(0);
  }
  const char *log = fields[1];
  size_t arguments = strtoul(fields[2], NULL, 10);
  if (arguments == 0 || 3 + arguments >= count - 1) {
    _exit(0);
  }
  size_t variables = strtoul(fields[3 + arguments], NULL, 10);
  if (4 + arguments + variables != count - 1) {
    _exit(0);
  }
  char **command = calloc(arguments + 1, sizeof(char *));
  memcpy(command, fields + 3, arguments * sizeof(char *));
  char **environment = calloc(variables + 1, sizeof(char *));
  memcpy(environment, fields + 4 + arguments, variables * sizeof(char *));
  int out = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out >= 0) {
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
  }
  execve(command[0], command, environment);
  _exit(1);
}

/*
 * Starts the server starter, a grandchild (so no process of the command's has it as a child): the write end of
 * its pipe, to be inherited by the Java client, or -1 when it could not be started.
 */
static int start_starter(void) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) {
    return -1;
  }
  pid_t child = fork();
  if (child == 0) {
    close(ends[1]);
    if (fork() == 0) {
      run_starter(ends[0]);
    }
    _exit(0);
  }
  close(ends[0]);
  if (child < 0 || waitpid(child, NULL, 0) != child || fcntl(ends[1], F_SETFD, 0) != 0) {
    close(ends[1]);
    return -1;
  }
  return ends[1];
}

/*
 * Becomes the Java client: JAVA_COMMAND (argv[2] up to the separator) with the jbake arguments, told where its
 * server starter listens (io.jbake.server.Client.STARTER_PROPERTY).
 */
static int hand_over(char **argv, int separator, int args, char **jbake_args) {
  char **java = calloc((size_t) (separator - 2 + args + 2), sizeof(char *));
  int n = 0;
  java[n++] = argv[2];
  char starter_property[64];
  int starter = start_starter();
  if (starter >= 0) {
    snprintf(starter_property, sizeof(starter_property), "-Djbake.server.starter=/proc/self/fd/%d", starter);
    java[n++] = starter_property;
  }
  for (int i = 3; i < separator; i++) {
    java[n++] = argv[i];
  }
  for (int i = 0; i < args; i++) {
    java[n++] = jbake_args[i];
  }
  execvp(java[0], java);
  fprintf(stderr, "jbake: cannot run %s: %s\n", java[0], strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  int separator = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      separator = i;
      break;
    }
  }
  if (argc < 3 || separator < 3) {
    fprintf(stderr, "usage: jbake-client SERVER_FILE JAVA_COMMAND... -- ARGS...\n");
    return 2;
  }
  int args = argc - separator - 1;
  char **jbake_args = argv + separator + 1;

  char *socket_path = server_socket(argv[1]);
  int server = socket_path != NULL ? connect_to(socket_path) : -1;
  free(socket_path);
  if (server < 0) {
    return hand_over(argv, separator, args, jbake_args); /* no server of this jar answers: the Java client starts one */
  }

  char terminal[256];
  stderr_terminal(terminal, sizeof(terminal));
  if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    return 1;
  }
  signal(SIGPIPE, SIG_IGN);
  struct sigaction action = {.sa_handler = on_signal};
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  struct sigaction hangup;
  if (sigaction(SIGHUP, NULL, &hangup) == 0 && hangup.sa_handler != SIG_IGN) {
    sigaction(SIGHUP, &action, NULL); /* the terminal closed; under nohup it stays ignored */
  }
  if (terminal[0] != '\0') {
    sigaction(SIGWINCH, &action, NULL);
  }

  struct bytes run = run_payload(args, jbake_args, terminal);
  if (send_frame(server, RUN, run.data, run.length) != 0) {
    return hand_over(argv, separator, args, jbake_args); /* the server was stopping: nothing ran */
  }
  free(run.data);
  int started = 0;

  struct bytes in = {0};
  int stdin_open = 0, stdout_open = 1;
  sig_atomic_t interrupts_sent = 0, resizes_sent = 0;
  time_t interrupted_at = 0;
  char buffer[65536];
  for (;;) {
    while (interrupts_sent < interrupts) {
      interrupts_sent++;
      send_frame(server, INTERRUPT, "", 0);
      if (interrupted_at == 0) {
        interrupted_at = time(NULL);
      }
    }
    while (resizes_sent < resizes) {
      resizes_sent++;
      send_frame(server, RESIZE, "", 0);
    }
    struct pollfd fds[3] = {
      {.fd = server, .events = POLLIN},
      {.fd = wake_pipe[0], .events = POLLIN},
      {.fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN},
    };
    int ready = poll(fds, 3, interrupted_at != 0 ? 1000 : -1);
    if (interrupted_at != 0 && time(NULL) - interrupted_at >= INTERRUPT_GRACE_SECONDS) {
      return INTERRUPTED_EXIT;
    }
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      return 1;
    }
    if (fds[1].revents & POLLIN) {
      while (read(wake_pipe[0], buffer, sizeof(buffer)) > 0) {
      }
    }
    if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(STDIN_FILENO, buffer, sizeof(buffer));
      if (n > 0) {
        send_frame(server, STDIN_DATA, buffer, (size_t) n);
      } else if (n == 0 || errno != EINTR) {
        send_frame(server, STDIN_END, "", 0);
        stdin_open = 0;
      }
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(server, buffer, sizeof(buffer));
      if (n <= 0) {
        if (n < 0 && errno == EINTR) {
          continue;
        }
        if (!started) {
          return hand_over(argv, separator, args, jbake_args); /* the server was stopping: nothing ran */
        }
        fprintf(stderr, "jbake: the jbake server ended during the command\n");
        return 1;
      }
      append(&in, buffer, (size_t) n);
      size_t at = 0;
      while (in.length - at >= 5) {
        const unsigned char *header = (const unsigned char *) in.data + at;
        size_t length = (size_t) header[1] << 24 | (size_t) header[2] << 16 | (size_t) header[3] << 8 | header[4];
        if (in.length - at - 5 < length) {
          break;
        }
        const char *payload = in.data + at + 5;
        switch (header[0]) {
          case OUT:
            if (stdout_open && write_all(STDOUT_FILENO, payload, length) != 0) {
              stdout_open = 0; /* a closed pipe (| head): the rest is dropped, as the Java client does */
            }
            break;
          case ERR:
            write_all(STDERR_FILENO, payload, length);
            break;
          case READ_STDIN:
            stdin_open = 1;
            break;
          case STARTED:
            started = 1;
            break;
          case EXIT:
            if (length == 4) {
              const unsigned char *code = (const unsigned char *) payload;
              return (int) ((uint32_t) code[0] << 24 | (uint32_t) code[1] << 16 | (uint32_t) code[2] << 8 | code[3]);
            }
            return 1;
          default:
            break; /* nothing else comes from a server */
        }
        at += 5 + length;
      }
      memmove(in.data, in.data + at, in.length - at);
      in.length -= at;
    }
  }
}
