// Errors that stop a command, and the exit codes the CLI maps them to.
//
//   throw sunplan::InputError("bases.gpkg", "bases", 17, "capacity", "not a number: 'abc'");
//
// Bad *rows* are not errors: they are Problems (problems.hpp) and the run goes on.
// An Error means the environment or the whole input is unusable.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sunplan {

enum class ExitCode : int {
  ok = 0,
  failure = 1,    // an internal error or a failed result check
  usage = 2,      // bad command line or scenario syntax
  input = 3,      // unreadable input file, layer, field or CRS
  resources = 4,  // out of memory, disk full, cannot write output
  cancelled = 5,  // the user cancelled through the progress callback
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  ExitCode code() const { return m_code; }

 private:
  ExitCode m_code;
};

class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(ExitCode::usage, message) {}
};

// Names the place in the input where the trouble is; row is the 1-based feature number
// (or -1 when the whole layer/file is at fault) and field may be empty.
class InputError : public Error {
 public:
  InputError(std::string file, std::string layer, std::int64_t row, std::string field,
             const std::string& reason);
  explicit InputError(const std::string& message) : Error(ExitCode::input, message), m_row(-1) {}

  const std::string& file() const { return m_file; }
  const std::string& layer() const { return m_layer; }
  std::int64_t row() const { return m_row; }
  const std::string& field() const { return m_field; }

 private:
  std::string m_file, m_layer;
  std::int64_t m_row;
  std::string m_field;
};

class ResourceError : public Error {
 public:
  explicit ResourceError(const std::string& message) : Error(ExitCode::resources, message) {}
};

class CancelledError : public Error {
 public:
  CancelledError() : Error(ExitCode::cancelled, "cancelled") {}
};

// "file 'x.gpkg', layer 'bases', row 17, field 'capacity': reason" with empty parts left out.
std::string format_location(const std::string& file, const std::string& layer, std::int64_t row,
                            const std::string& field);

}  // namespace sunplan
