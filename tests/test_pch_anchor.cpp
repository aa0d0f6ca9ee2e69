// Compiles tests/test_pch.h once for every test program (REUSE_FROM in tests/CMakeLists.txt);
// linked with gtest_main so that the anchor is a program like the ones that reuse its header.
