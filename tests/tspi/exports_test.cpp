// The provider exports exactly the TSPI_* functions of TAPI's tspi.h (tspi-contract §6,
// §8 "export by name"): none missing, nothing else exported.

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

std::set<std::string> header_functions() {
  std::ifstream in(SPANTSP_MINGW_TSPI_H);
  std::stringstream text;
  text << in.rdbuf();
  std::set<std::string> names;
  const std::string s = text.str();
  const std::regex proto(R"(LONG\s+WINAPI\s+(TSPI_\w+)\s*\()");
  for (std::sregex_iterator it(s.begin(), s.end(), proto), end; it != end; ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

std::set<std::string> exported_symbols() {
  std::set<std::string> names;
  const std::string command = "nm -D --defined-only '" + std::string(SPANTSP_PROVIDER_PATH) + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return names;
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::istringstream fields(line);
    std::string address, type, name;
    if (fields >> address >> type >> name &&
        (type == "T" || type == "W" || type == "D" || type == "B" || type == "R" || type == "V")) {
      names.insert(name);
    }
  }
  pclose(pipe);
  return names;
}

TEST(ProviderExports, EveryTspiFunctionOfTheHeaderIsExported) {
  const auto expected = header_functions();
  ASSERT_GT(expected.size(), 100u) << "could not read " << SPANTSP_MINGW_TSPI_H;
  void* module = dlopen(SPANTSP_PROVIDER_PATH, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(module, nullptr) << dlerror();
  for (const auto& name : expected) {
    EXPECT_NE(dlsym(module, name.c_str()), nullptr) << name << " is not exported";
  }
  dlclose(module);
}

TEST(ProviderExports, NothingButTheHeadersFunctionsIsExported) {
  const auto expected = header_functions();
  const auto exported = exported_symbols();
  ASSERT_FALSE(exported.empty()) << "nm found no symbols";
  for (const auto& name : exported) {
    EXPECT_TRUE(expected.count(name)) << name << " is exported but is not a tspi.h function";
  }
  EXPECT_EQ(exported.size(), expected.size());
}

}  // namespace
