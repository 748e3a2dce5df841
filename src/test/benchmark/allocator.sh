# Sourced by the benchmark scripts from the project root: glibc's allocator as the container image sets it
# (pom.xml's glibc.tunables, README "Native memory"), unless GLIBC_TUNABLES is set already.
export GLIBC_TUNABLES=${GLIBC_TUNABLES-$(sed -n 's:.*<glibc.tunables>\(.*\)</glibc.tunables>.*:\1:p' pom.xml)}
