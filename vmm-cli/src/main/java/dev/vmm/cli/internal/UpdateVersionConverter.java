package dev.vmm.cli.internal;

import dev.vmm.update.UpdateVersion;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an update version such as {@code 1.4.2}. */
public final class UpdateVersionConverter implements ITypeConverter<UpdateVersion> {
  @Override
  public UpdateVersion convert(String value) {
    try {
      return UpdateVersion.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
