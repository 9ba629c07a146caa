package dev.vmm.cli.internal;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads sizes such as {@code 4096}, {@code 64K}, {@code 128M} or {@code 2G} (powers of 1024). */
public final class ByteSizeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    String text = value.trim().toUpperCase(Locale.ROOT);
    int shift = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      default -> 0;
    };
    String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
    try {
      long number = Long.parseLong(digits);
      if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
        throw new TypeConversionException("'" + value + "' is not a size from 0 to 2^63-1 bytes");
      }
      return number << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a size: write bytes, or a number with K, M or G");
    }
  }
}
