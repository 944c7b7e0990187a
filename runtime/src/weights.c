/*===- weights.c - weights files of models compiled with --weights=file ---===*/

#include "sinter/sinter.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(sizeof(sinter_weights_header) == SINTER_WEIGHTS_ALIGNMENT,
               "the weights start one alignment unit into the file");

static int weights_error(char *error, size_t error_size, const char *path,
                         const char *reason) {
  if (error && error_size)
    snprintf(error, error_size, "%s: %s", path, reason);
  return SINTER_ERROR_WEIGHTS;
}

/* Why `header`, of a file of `file_size` bytes, is not `info`'s weights;
 * NULL when it is. */
static const char *header_mismatch(const sinter_weights_header *header,
                                   uint64_t file_size,
                                   const sinter_model_info *info) {
  if (memcmp(header->magic, SINTER_WEIGHTS_MAGIC, sizeof header->magic) != 0)
    return "not a Sinter weights file";
  if (header->format != SINTER_WEIGHTS_FORMAT ||
      header->header_size != sizeof *header)
    return "a weights file of another format version";
  if (header->weights_size != info->weights_size ||
      header->weights_fingerprint != info->weights_fingerprint)
    return "the weights of another model (or of another compile of it)";
  if (file_size != sizeof *header + header->weights_size)
    return "the weights file is truncated or has trailing bytes";
  return NULL;
}

int sinter_weights_open(const char *path, const sinter_model_info *info,
                        sinter_weights *weights, char *error,
                        size_t error_size) {
  memset(weights, 0, sizeof *weights);
  if (info->weights_size == 0)
    return SINTER_OK;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return weights_error(error, error_size, path, strerror(errno));
  struct stat status;
  if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) ||
      (uint64_t)status.st_size < sizeof(sinter_weights_header)) {
    close(fd);
    return weights_error(error, error_size, path,
                         "not a Sinter weights file (too short)");
  }
  size_t mapping_size = (size_t)status.st_size;
  void *mapping = mmap(NULL, mapping_size, PROT_READ, MAP_PRIVATE, fd, 0);
  int map_errno = errno;
  close(fd);
  if (mapping == MAP_FAILED)
    return weights_error(error, error_size, path, strerror(map_errno));
  const char *reason = header_mismatch((const sinter_weights_header *)mapping,
                                       (uint64_t)status.st_size, info);
  if (reason) {
    munmap(mapping, mapping_size);
    return weights_error(error, error_size, path, reason);
  }
  weights->data = (const char *)mapping + sizeof(sinter_weights_header);
  weights->size = info->weights_size;
  weights->mapping = mapping;
  weights->mapping_size = mapping_size;
  return SINTER_OK;
}

void sinter_weights_close(sinter_weights *weights) {
  if (weights->mapping)
    munmap(weights->mapping, weights->mapping_size);
  memset(weights, 0, sizeof *weights);
}

int sinter_model_run(const sinter_model *model, const sinter_executor *executor,
                     const void *const *inputs, void *const *outputs,
                     void *workspace) {
  if (!model->run_with_weights)
    return SINTER_ERROR_DEVICE_KIND;
  return model->run_with_weights(model->weights.data, executor, inputs, outputs,
                                 workspace);
}
