/* A stand-in rustc.exe for the walk-through under wine, where no Windows rustc is: it
 * answers the two questions snipcheck asks to find a toolchain (`--print sysroot`, `-vV`)
 * and fails every compile, so commands get as far as their first compile. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "sysroot") == 0) {
            puts("C:\\rust-stand-in");
            return 0;
        }
        if (strcmp(argv[i], "-vV") == 0) {
            puts("rustc 1.96.0 (stand-in)\nbinary: rustc\nhost: x86_64-pc-windows-gnu\nrelease: 1.96.0");
            return 0;
        }
    }
    fputs("error: a stand-in rustc compiles nothing\n", stderr);
    return 1;
}
