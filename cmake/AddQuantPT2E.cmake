#===- AddQuantPT2E.cmake - the project's library wrappers ----------------===#
#
# Every library of the project is declared through one of these, so that
# each is built the same way and installed into the QuantPT2ETargets export
# set that QuantPT2EConfig.cmake imports (find_package(QuantPT2E)).
#
#   add_quant_pt2e_library(name sources... [DEPENDS ...] [LINK_LIBS ...])
#       an MLIR library (add_mlir_library's arguments);
#   add_quant_pt2e_dialect_library(name ...)
#       the same for a dialect (waits for MLIR's generated headers);
#   add_quant_pt2e_plain_library(name STATIC|SHARED sources...)
#       a library with no MLIR dependency (math, target, runtime): plain
#       add_library, position-independent.
#
#===----------------------------------------------------------------------===#

# Installs `name` into the export set and records it for the package.
function(quant_pt2e_install_library name)
  target_include_directories(${name} INTERFACE
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  install(TARGETS ${name}
    EXPORT QuantPT2ETargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  set_property(GLOBAL APPEND PROPERTY QUANT_PT2E_EXPORTS ${name})
endfunction()

function(add_quant_pt2e_library name)
  # MLIR's own install rule would put the library in MLIR's export set.
  add_mlir_library(${name} ${ARGN} DISABLE_INSTALL)
  quant_pt2e_install_library(${name})
endfunction()

function(add_quant_pt2e_dialect_library name)
  add_mlir_dialect_library(${name} ${ARGN} DISABLE_INSTALL)
  quant_pt2e_install_library(${name})
endfunction()

function(add_quant_pt2e_plain_library name)
  add_library(${name} ${ARGN})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  quant_pt2e_install_library(${name})
endfunction()

# Installs a tool into <prefix>/bin, finding the prefix's libraries and the
# LLVM it was built against (libMLIR.so, libomp) at run time.
function(install_quant_pt2e_tool name)
  set_target_properties(${name} PROPERTIES
    INSTALL_RPATH "\$ORIGIN/../${CMAKE_INSTALL_LIBDIR};${LLVM_LIBRARY_DIR}")
  install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
