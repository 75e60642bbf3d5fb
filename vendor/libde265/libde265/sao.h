/*
 * H.265 video codec.
 * Copyright (c) 2013-2014 struktur AG, Dirk Farin <farin@struktur.de>
 *
 * This file is part of libde265.
 *
 * libde265 is free software: you can redistribute it and/or modify
 * it under the terms of the GNU Lesser General Public License as
 * published by the Free Software Foundation, either version 3 of
 * the License, or (at your option) any later version.
 *
 * libde265 is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public License
 * along with libde265.  If not, see <http://www.gnu.org/licenses/>.
 */

#ifndef DE265_SAO_H
#define DE265_SAO_H

#include "libde265/decctx.h"

void apply_sample_adaptive_offset(de265_image* img);

/* requires less memory than the function above */
void apply_sample_adaptive_offset_sequential(de265_image* img);

/* consentgate: SAO one CTB row at a time, in order from the top, keeping a
   band of (CTB height + 2) rows of each plane instead of a copy of it. A
   row is filtered once the rows around it are deblocked. */
class sao_in_bands
{
 public:
  explicit sao_in_bands(de265_image* img);
  ~sao_in_bands();

  void filter_row(int yCtb);

 private:
  sao_in_bands(const sao_in_bands&) = delete;
  sao_in_bands& operator=(const sao_in_bands&) = delete;

  de265_image* img;
  uint8_t* band[3] = { nullptr, nullptr, nullptr };
  bool stopped = false;
};

/* saoInputProgress - the CTB progress that SAO will wait for before beginning processing.
   Returns 'true' if any tasks have been added.
 */
bool add_sao_tasks(image_unit* imgunit, int saoInputProgress);

#endif
